"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { useResponseTokenPages } from "@/components/data/queries";
import type { ResponseDetail } from "@/lib/queries/getResponse";
import { parseTokenHash } from "./tokenHash";

/**
 * The tokens of a response loaded so far: the detail's first page, then the pages fetched
 * as the reader scrolls (`loadMore`) or to reach a position past them (`reach`, also driven by
 * a `#t=` link), in order, so an index is always the token's position.
 */
export function useLoadedTokens(detail: ResponseDetail, project: string | undefined) {
  const total = detail.tokenPage.total;
  // A #t= link may name a token past the first page: load up to it, TokenText then focuses it.
  const [target, setTarget] = useState<number | null>(() => (typeof window === "undefined" ? null : parseTokenHash(window.location.hash, total)));
  // Nothing past the first page is fetched until the reader scrolls to its end or asks for a token past it.
  const [started, setStarted] = useState(false);
  const pages = useResponseTokenPages(detail.id, project, detail.tokenPage, started || (target !== null && target >= detail.tokenPage.end));
  const tokens = useMemo(() => {
    const rest = pages.data?.pages.filter((page) => page.id === detail.id).flatMap((page) => page.tokens) ?? [];
    return rest.length > 0 ? detail.tokens.concat(rest) : detail.tokens;
  }, [detail, pages.data]);
  useEffect(() => {
    const follow = () => setTarget(parseTokenHash(window.location.hash, total));
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, [total]);

  const { data, hasNextPage, isFetchingNextPage, isError, fetchNextPage } = pages;
  const loadMore = useCallback(() => {
    if (!data) setStarted(true);
    else if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [data, hasNextPage, isFetchingNextPage, fetchNextPage]);
  useEffect(() => {
    if (target !== null && target >= tokens.length && data && hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage();
  }, [target, tokens.length, data, hasNextPage, isFetchingNextPage, isError, fetchNextPage]);

  return { tokens, total, loading: pages.isFetching, error: isError, loadMore, reach: setTarget };
}
