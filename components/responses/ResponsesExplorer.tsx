"use client";

import { useCallback, useRef, useState } from "react";
import { useFacets, useResponsesList } from "@/components/data/queries";
import { REFRESH_INTERVAL_MS } from "@/components/layout/Providers";
import { DEFAULT_RANGE } from "@/components/filters/dashboardFilters";
import { back, EMPTY_TRAIL, forward, pageNumber, type CursorTrail } from "./cursorStack";
import { hasActiveFilters, responsesQuery, toggleSort, type SortColumn } from "./explorerSearch";
import { ResponseFilters } from "./ResponseFilters";
import { ResponsesPager } from "./ResponsesPager";
import { ResponsesTable } from "./ResponsesTable";
import { useExplorerSearch, useNow } from "./useExplorerSearch";

/**
 * The responses explorer: filter bar, then one server page of responses at a time (never the
 * whole table), sorted and paged by the API. Previous rows stay on screen, dimmed, while the
 * next query loads; the list refreshes by itself (QueryClient refetches every 5 s).
 */
export function ResponsesExplorer() {
  const { filters, explorer, searchParams, update } = useExplorerSearch();
  const now = useNow();
  const list = useResponsesList(responsesQuery(filters, explorer, now));
  const facets = useFacets(filters.project);
  const [trail, setTrail] = useState<CursorTrail>(EMPTY_TRAIL);
  const top = useRef<HTMLDivElement>(null);

  const project = filters.project ?? facets.data?.projectId;
  const rowHref = useCallback(
    (id: number) => {
      // Pin the project the row came from, so the token view asks the right one.
      const params = new URLSearchParams(searchParams.toString());
      if (project) params.set("project", project);
      const query = params.toString();
      return `/responses/${id}${query ? `?${query}` : ""}`;
    },
    [project, searchParams],
  );

  const goToCursor = (cursor: string | undefined, nextTrail: CursorTrail) => {
    setTrail(nextTrail);
    update({ explorer: { cursor } });
    const element = top.current;
    if (element && element.getBoundingClientRect().top < 0) element.scrollIntoView({ block: "start" });
  };
  const onSort = (column: SortColumn) => update({ explorer: toggleSort(explorer, column) });
  const reset = () =>
    update({
      filters: { range: DEFAULT_RANGE, from: undefined, to: undefined, model: undefined, tag: undefined },
      explorer: { q: undefined, flagged: false },
    });

  const rows = list.data?.data;
  const stale = list.isPlaceholderData;
  const nextCursor = list.data?.nextCursor ?? null;
  const filtered = hasActiveFilters(filters, explorer, DEFAULT_RANGE);

  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-baseline justify-between gap-4">
        <h1 className="text-xl font-semibold tracking-tight">Responses</h1>
        <p className="flex items-center gap-2 text-xs text-slate-500">
          <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${list.isFetching ? "animate-pulse bg-indigo-500" : "bg-emerald-500"}`} />
          Live: refreshes every {REFRESH_INTERVAL_MS / 1000} s
        </p>
      </div>
      <ResponseFilters />
      <div ref={top} className="card scroll-mt-20 overflow-hidden">
        {list.isError && (
          <div role="alert" className={`flex items-center justify-between gap-3 px-4 ${rows ? "border-b border-amber-200 bg-amber-50 py-2 text-sm text-amber-900" : "py-10"}`}>
            <div>
              <p className={rows ? "" : "font-medium text-slate-900"}>Could not load responses{rows ? "; showing the last rows loaded." : "."}</p>
              <p className="text-sm text-slate-600">{list.error.message}</p>
            </div>
            <div className="flex shrink-0 gap-2">
              {!rows && filters.project && (
                // An unknown project in a shared link: offer the way out the project menu cannot.
                <button type="button" onClick={() => update({ filters: { project: undefined } })} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
                  Open the default project
                </button>
              )}
              <button type="button" onClick={() => void list.refetch()} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
                Retry
              </button>
            </div>
          </div>
        )}
        {!(list.isError && !rows) && (
          <ResponsesTable
            rows={rows}
            sort={explorer}
            onSort={onSort}
            rowHref={rowHref}
            fetchedAt={Math.max(list.dataUpdatedAt, now)}
            stale={stale}
            skeletonRows={Math.min(explorer.limit, 12)}
          />
        )}
        {rows?.length === 0 && !stale && (
          <EmptyState paged={explorer.cursor !== undefined} filtered={filtered} onReset={reset} onFirstPage={() => goToCursor(undefined, EMPTY_TRAIL)} />
        )}
        {rows !== undefined && (
          <ResponsesPager
            page={pageNumber(trail, explorer.cursor)}
            pageSize={explorer.limit}
            rowCount={rows.length}
            canGoBack={explorer.cursor !== undefined}
            canGoForward={nextCursor !== null && !stale}
            onBack={() => {
              const previous = back(trail, explorer.cursor);
              goToCursor(previous.cursor, previous.trail);
            }}
            onForward={() => nextCursor && goToCursor(nextCursor, forward(trail, explorer.cursor, nextCursor))}
            onPageSize={(limit) => update({ explorer: { limit } })}
          />
        )}
      </div>
      <p className="sr-only" aria-live="polite">
        {stale ? "Loading responses" : rows ? `${rows.length} responses shown` : ""}
      </p>
    </div>
  );
}

function EmptyState({ paged, filtered, onReset, onFirstPage }: { paged: boolean; filtered: boolean; onReset: () => void; onFirstPage: () => void }) {
  if (paged) {
    return (
      <div data-testid="responses-empty" className="px-4 py-10 text-center text-sm text-slate-600">
        <p className="font-medium text-slate-900">No more responses on this page.</p>
        <button type="button" onClick={onFirstPage} className="mt-3 rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50">
          Back to the first page
        </button>
      </div>
    );
  }
  return (
    <div data-testid="responses-empty" className="px-4 py-10 text-center text-sm text-slate-600">
      <p className="font-medium text-slate-900">No responses match these filters</p>
      {filtered ? (
        <button type="button" data-testid="reset-filters" onClick={onReset} className="mt-3 rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-700">
          Reset filters
        </button>
      ) : (
        <p className="mt-1">
          Nothing in this project for the time range yet. Responses sent to <code className="font-mono text-xs">POST /api/v1/ingest</code> show up here within seconds.
        </p>
      )}
    </div>
  );
}
