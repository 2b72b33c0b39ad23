"use client";

import { useState } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { ApiRequestError } from "./apiClient";

/**
 * Keeps the last data a query answered while it fails (a server outage, a dropped network),
 * so a panel stays readable and is marked stale instead of being replaced by an error.
 * The query keeps refetching on its interval; `stale` clears with the next good answer.
 */
export function useLastGood<T>(query: UseQueryResult<T>): { data: T | undefined; stale: boolean; error: Error | null; isPending: boolean } {
  const [last, setLast] = useState<T | undefined>(query.data);
  // Derived state, updated during render (React's documented pattern, no effect needed).
  if (query.data !== undefined && query.data !== last) setLast(query.data);
  const data = query.data ?? (query.isError ? last : undefined);
  return { data, stale: query.isError && data !== undefined, error: query.error, isPending: query.isPending && data === undefined };
}

/** True when the server could not be reached or answered as a proxy does when it is down. */
export function isConnectionError(error: unknown): boolean {
  if (!error) return false;
  return !(error instanceof ApiRequestError) || error.status === 502 || error.status === 503 || error.status === 504;
}

export const CONNECTION_LOST = "Connection lost — retrying";
