"use client";

import { useCallback, useRef, useState } from "react";
import { ApiRequestError } from "@/components/data/apiClient";
import { CONNECTION_LOST, isConnectionError } from "@/components/data/lastGood";
import { useFacets, useResponsesCount, useResponsesList } from "@/components/data/queries";
import { REFRESH_INTERVAL_MS } from "@/components/layout/Providers";
import { DEFAULT_RANGE } from "@/components/filters/dashboardFilters";
import { RangeHint } from "@/components/filters/RangeHint";
import { EmptyProject } from "@/components/overview/EmptyProject";
import { back, EMPTY_TRAIL, forward, pageNumber, type CursorTrail } from "./cursorStack";
import { explorerToSearch, hasActiveFilters, responsesQuery, toggleSort, type SortColumn } from "./explorerSearch";
import { ResponseFilters } from "./ResponseFilters";
import { ResponsesPager } from "./ResponsesPager";
import { ResponsesTable } from "./ResponsesTable";
import { useExplorerSearch, useNow } from "./useExplorerSearch";
import { useHeldRows } from "./useHeldRows";

/**
 * The responses explorer: filter bar, then one server page of responses at a time (never the
 * whole table), sorted and paged by the API, with the total. Previous rows stay on screen,
 * dimmed, while the next query loads; the list refreshes by itself unless paused, and rows
 * that arrive while the pointer or focus is in the table wait behind a "N new — show" bar.
 */
export function ResponsesExplorer() {
  const { filters, explorer, searchParams, update } = useExplorerSearch();
  const now = useNow();
  const [live, setLive] = useState(true);
  const query = responsesQuery(filters, explorer, now);
  const list = useResponsesList(query, live);
  const count = useResponsesCount(query, live);
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

  const page = pageNumber(trail, explorer.cursor) ?? explorer.page;
  const goToCursor = (cursor: string | undefined, nextTrail: CursorTrail, nextPage: number | undefined) => {
    setTrail(nextTrail);
    update({ explorer: { cursor, page: cursor ? nextPage : undefined } });
    const element = top.current;
    if (element && element.getBoundingClientRect().top < 0) element.scrollIntoView({ block: "start" });
  };
  const onSort = (column: SortColumn) => update({ explorer: toggleSort(explorer, column) });
  const reset = () =>
    update({
      filters: { range: DEFAULT_RANGE, from: undefined, to: undefined, model: undefined, tag: undefined },
      explorer: { q: undefined, flagged: false },
    });

  // What is on screen, without the sliding clock: a refresh of the same view may be held back.
  const viewKey = `${filters.project}|${filters.range}|${filters.from}|${filters.to}|${filters.model}|${filters.tag}|${explorerToSearch(explorer).toString()}`;
  const held = useHeldRows(list.data?.data, viewKey, !list.isPlaceholderData);
  const rows = held.rows;
  const stale = list.isPlaceholderData;
  const nextCursor = list.data?.nextCursor ?? null;
  const filtered = hasActiveFilters(filters, explorer, DEFAULT_RANGE);
  const connectionLost = list.isError && isConnectionError(list.error);
  const unknownProject = list.error instanceof ApiRequestError && list.error.status === 404;
  const emptyProject = facets.data !== undefined && facets.data.models.length === 0;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-2">
        <h1 className="text-xl font-semibold tracking-tight">Responses</h1>
        <LiveStatus live={live} fetching={list.isFetching} error={list.isError ? (connectionLost ? CONNECTION_LOST : "Could not refresh") : null} onLive={setLive} />
      </div>
      <ResponseFilters />
      <div ref={top} className="card scroll-mt-20 overflow-hidden">
        {list.isError && (
          <div role="alert" className={`flex flex-wrap items-center justify-between gap-3 px-4 ${rows ? "border-b border-amber-200 bg-amber-50 py-2 text-sm text-amber-900" : "py-10"}`}>
            <div>
              <p className={rows ? "" : "font-medium text-slate-900"} data-testid="explorer-error">
                {connectionLost ? CONNECTION_LOST : "Could not load responses"}
                {rows ? "; showing the last rows loaded." : "."}
              </p>
              {!connectionLost && <p className="text-sm text-slate-700">{list.error.message}</p>}
            </div>
            <div className="flex shrink-0 gap-2">
              {!rows && unknownProject && filters.project && (
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
          <div {...held.handlers}>
            {held.waiting > 0 && (
              <div className="flex items-center justify-between gap-3 border-b border-indigo-200 bg-indigo-50 px-4 py-1.5 text-sm text-indigo-900" data-testid="new-rows-bar" role="status">
                <span>
                  {held.waiting} new {held.waiting === 1 ? "response" : "responses"} waiting while you point at the table
                </span>
                <button type="button" data-testid="show-new-rows" onClick={held.showWaiting} className="rounded-md bg-indigo-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-700">
                  {held.waiting} new — show
                </button>
              </div>
            )}
            <ResponsesTable
              rows={rows}
              sort={explorer}
              onSort={onSort}
              rowHref={rowHref}
              fetchedAt={Math.max(list.dataUpdatedAt, now)}
              stale={stale}
              skeletonRows={Math.min(explorer.limit, 12)}
            />
          </div>
        )}
        {rows?.length === 0 && !stale && (
          emptyProject && !explorer.cursor ? (
            <div className="p-4"><EmptyProject project={project} /></div>
          ) : (
            <EmptyState paged={explorer.cursor !== undefined} filtered={filtered} onReset={reset} onFirstPage={() => goToCursor(undefined, EMPTY_TRAIL, undefined)}>
              <RangeHint filters={filters} onShow={(range) => update({ filters: { range: "custom", ...range } })} className="mt-3" />
            </EmptyState>
          )
        )}
        {rows !== undefined && (
          <ResponsesPager
            page={page}
            pageSize={explorer.limit}
            rowCount={rows.length}
            total={count.data?.total}
            estimated={count.data?.estimated === true}
            canGoBack={explorer.cursor !== undefined}
            canGoForward={nextCursor !== null && !stale}
            onBack={() => {
              const previous = back(trail, explorer.cursor);
              goToCursor(previous.cursor, previous.trail, page !== undefined ? page - 1 : undefined);
            }}
            onForward={() => nextCursor && goToCursor(nextCursor, forward(trail, explorer.cursor, nextCursor), page !== undefined ? page + 1 : undefined)}
            onPageSize={(limit) => update({ explorer: { limit } })}
          />
        )}
      </div>
      <p className="sr-only" aria-live="polite">
        {stale ? "Loading responses" : rows ? `${rows.length} ${rows.length === 1 ? "response" : "responses"} shown` : ""}
      </p>
    </div>
  );
}

/** The Live dot (green live, grey paused, amber when the server cannot be reached) and the pause switch. */
function LiveStatus({ live, fetching, error, onLive }: { live: boolean; fetching: boolean; error: string | null; onLive: (live: boolean) => void }) {
  const dot = error ? "bg-amber-500" : !live ? "bg-slate-400" : fetching ? "animate-pulse bg-indigo-500" : "bg-emerald-500";
  return (
    <div className="flex items-center gap-3 text-xs text-slate-700">
      <p className="flex items-center gap-2" data-testid="live-status" data-state={error ? "error" : live ? "live" : "paused"}>
        <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${dot}`} />
        {error ?? (live ? `Live: refreshes every ${REFRESH_INTERVAL_MS / 1000} s` : "Paused")}
      </p>
      <button
        type="button"
        role="switch"
        aria-checked={live}
        data-testid="live-switch"
        onClick={() => onLive(!live)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        {live ? "Pause live updates" : "Resume live updates"}
      </button>
    </div>
  );
}

function EmptyState({ paged, filtered, onReset, onFirstPage, children }: { paged: boolean; filtered: boolean; onReset: () => void; onFirstPage: () => void; children?: React.ReactNode }) {
  if (paged) {
    return (
      <div data-testid="responses-empty" className="px-4 py-10 text-center text-sm text-slate-700">
        <p className="font-medium text-slate-900">No more responses on this page.</p>
        <button type="button" onClick={onFirstPage} className="mt-3 rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50">
          Back to the first page
        </button>
      </div>
    );
  }
  return (
    <div data-testid="responses-empty" className="px-4 py-10 text-center text-sm text-slate-700">
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
      {children}
    </div>
  );
}
