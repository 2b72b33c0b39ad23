"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { pushSearch, useDashboardFilters } from "@/components/filters/useDashboardFilters";
import { applyExplorerPatch, explorerFromSearch, type ExplorerPatch } from "./explorerSearch";

/**
 * The explorer's state in the URL: the shared dashboard filters (read through
 * useDashboardFilters) plus the explorer's own keys. Writes go through `history.pushState`
 * (one entry per change, so Back restores the previous filters or page), which the App Router
 * picks up in useSearchParams without a server round trip; each write starts from the live
 * `location.search`, so quick successive changes never overwrite one another.
 */
export function useExplorerSearch() {
  const { filters } = useDashboardFilters();
  const searchParams = useSearchParams();
  const explorer = useMemo(() => explorerFromSearch(new URLSearchParams(searchParams.toString())), [searchParams]);
  const update = useCallback((patch: ExplorerPatch) => {
    pushSearch(applyExplorerPatch(new URLSearchParams(window.location.search), patch).toString());
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
