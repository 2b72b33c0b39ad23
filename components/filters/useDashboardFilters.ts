"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { filtersFromSearch, filtersToSearch, type DashboardFilters } from "./dashboardFilters";

/**
 * Reads and writes the dashboard filters in the URL. Writes go through history.replaceState
 * built from the live location (Next feeds it into useSearchParams without a server round
 * trip), so quick successive changes never overwrite each other.
 */
export function useDashboardFilters() {
  const searchParams = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(new URLSearchParams(searchParams.toString())), [searchParams]);
  const setFilters = useCallback(
    (next: Partial<DashboardFilters>) => {
      const live = new URLSearchParams(window.location.search);
      const params = filtersToSearch({ ...filtersFromSearch(live), ...next }, live);
      const query = params.toString();
      window.history.replaceState(null, "", query ? `${window.location.pathname}?${query}` : window.location.pathname);
    },
    [],
  );
  return { filters, setFilters };
}
