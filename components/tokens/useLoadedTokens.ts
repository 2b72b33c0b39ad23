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
  const pages = useResponseTokenPages(detail.id, project, detail.tokenPage);
  const tokens = useMemo(() => {
    const rest = pages.data?.pages.filter((page) => page.id === detail.id).flatMap((page) => page.tokens) ?? [];
    return rest.length > 0 ? detail.tokens.concat(rest) : detail.tokens;
  }, [detail, pages.data]);
  const total = detail.tokenPage.total;
  // A #t= link may name a token past the first page: load up to it, TokenText then focuses it.
  const [target, setTarget] = useState<number | null>(() => (typeof window === "undefined" ? null : parseTokenHash(window.location.hash, total)));
  useEffect(() => {
    const follow = () => setTarget(parseTokenHash(window.location.hash, total));
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, [total]);

  const { hasNextPage, isFetchingNextPage, isError, fetchNextPage } = pages;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  useEffect(() => {
    if (target !== null && target >= tokens.length && !isError) loadMore();
  }, [target, tokens.length, isError, loadMore]);

  return { tokens, total, loading: isFetchingNextPage, error: isError, loadMore, reach: setTarget };
}
