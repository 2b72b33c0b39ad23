"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { filtersFromSearch, filtersToSearch, type DashboardFilters } from "./dashboardFilters";

/** Reads and writes the dashboard filters in the URL (replace, so Back leaves the page). */
export function useDashboardFilters() {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = useMemo(() => filtersFromSearch(new URLSearchParams(searchParams.toString())), [searchParams]);
  const setFilters = useCallback(
    (next: Partial<DashboardFilters>) => {
      const merged = { ...filters, ...next };
      const params = filtersToSearch(merged, new URLSearchParams(searchParams.toString()));
      const query = params.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [filters, pathname, router, searchParams],
  );
  return { filters, setFilters };
}
