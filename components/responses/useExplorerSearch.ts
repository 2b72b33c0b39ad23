"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useDashboardFilters } from "@/components/filters/useDashboardFilters";
import { applyExplorerPatch, explorerFromSearch, type ExplorerPatch } from "./explorerSearch";

/**
 * The explorer's state in the URL: the shared dashboard filters (read through
 * useDashboardFilters) plus the explorer's own keys. Writes go through
 * `history.replaceState`, which the App Router picks up in useSearchParams without a server
 * round trip, and each write starts from the live `location.search`, so quick successive
 * changes (a select, then the debounced search) never overwrite one another.
 */
export function useExplorerSearch() {
  const { filters } = useDashboardFilters();
  const searchParams = useSearchParams();
  const explorer = useMemo(() => explorerFromSearch(new URLSearchParams(searchParams.toString())), [searchParams]);
  const update = useCallback((patch: ExplorerPatch) => {
    const next = applyExplorerPatch(new URLSearchParams(window.location.search), patch).toString();
    window.history.replaceState(null, "", next ? `${window.location.pathname}?${next}` : window.location.pathname);
  }, []);
  return { filters, explorer, searchParams, update };
}

/**
 * The clock the sliding ranges are computed against, ticking every `intervalMs`; statsParams
 * rounds to the minute, so the query key only changes once a minute.
 */
export function useNow(intervalMs = 10_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
