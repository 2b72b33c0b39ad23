"use client";

import { useEffect, useRef } from "react";

interface MoreTokensProps {
  loaded: number;
  total: number;
  loading: boolean;
  error: boolean;
  onMore: () => void;
}

/**
 * The end of a long response's loaded tokens: asks for the next page when it comes within a
 * screen of the viewport (IntersectionObserver), with a button for keyboards and retries.
 */
export function MoreTokens({ loaded, total, loading, error, onMore }: MoreTokensProps) {
  const ref = useRef<HTMLDivElement>(null);
  const onMoreRef = useRef(onMore);
  useEffect(() => {
    onMoreRef.current = onMore;
  }, [onMore]);
  useEffect(() => {
    const element = ref.current;
    if (!element || loading || error || loaded >= total) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onMoreRef.current();
    }, { rootMargin: "100% 0px" });
    observer.observe(element);
    return () => observer.disconnect();
  }, [loaded, total, loading, error]);
  if (loaded >= total) return null;
  return (
    <div ref={ref} data-testid="more-tokens" className="mt-3 flex items-center gap-3 text-xs text-slate-500">
      <span>
        {loaded.toLocaleString("en-US")} of {total.toLocaleString("en-US")} tokens shown
        {loading ? " · loading more…" : error ? " · the next tokens could not be loaded" : ""}
      </span>
      {!loading ? (
        <button type="button" onClick={onMore} className="rounded-md border border-slate-300 px-2 py-0.5 text-slate-700 hover:bg-slate-50">
          {error ? "Retry" : "Load more"}
        </button>
      ) : null}
    </div>
  );
}
