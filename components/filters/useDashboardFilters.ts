"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { filtersFromSearch, filtersToSearch, type DashboardFilters } from "./dashboardFilters";

/**
 * Reads and writes the dashboard filters in the URL. Writes go through history.pushState
 * built from the live location (Next feeds it into useSearchParams without a server round
 * trip), so quick successive changes never overwrite each other, and Back returns to the
 * previous filters instead of leaving the page.
 */
export function useDashboardFilters() {
  const searchParams = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(new URLSearchParams(searchParams.toString())), [searchParams]);
  const setFilters = useCallback(
    (next: Partial<DashboardFilters>) => {
      const live = new URLSearchParams(window.location.search);
      const params = filtersToSearch({ ...filtersFromSearch(live), ...next }, live);
      const query = params.toString();
      pushSearch(query);
    },
    [],
  );
  return { filters, setFilters };
}

/** One history entry per change of what is shown (filters, page), none for a no-op. */
export function pushSearch(query: string): void {
  const url = query ? `${window.location.pathname}?${query}` : window.location.pathname;
  if (url === `${window.location.pathname}${window.location.search}`) return;
  window.history.pushState(null, "", url);
}
