"use client";

import { useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { pushSearch } from "./useDashboardFilters";

/**
 * One of `options` kept in the URL under `key` (absent when it is the default), so a reload or a
 * shared link shows the same view: the histogram's metric, the time series' grouping. An unknown
 * value in the URL reads as the default.
 */
export function useSearchChoice<T extends string>(key: string, options: readonly T[], fallback: T): [T, (next: T) => void] {
  const raw = useSearchParams().get(key);
  const value = options.includes(raw as T) ? (raw as T) : fallback;
  const set = useCallback(
    (next: T) => {
      const params = new URLSearchParams(window.location.search);
      if (next === fallback) params.delete(key);
      else params.set(key, next);
      pushSearch(params.toString());
    },
    [key, fallback],
  );
  return [value, set];
}
