"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { DashboardFilters } from "@/components/filters/dashboardFilters";
import { statsParams } from "@/components/filters/dashboardFilters";
import type { ListResponsesResult } from "@/lib/queries/listResponses";
import type { ResponseCount } from "@/lib/queries/countResponses";
import type { ResponseDetail, ResponseTokensPage } from "@/lib/queries/getResponse";
import type { facets } from "@/lib/queries/facets";
import { alertsApiQuery, type AlertFilters } from "@/components/alerts/alertFilters";
import type { AlertDto } from "@/lib/alerts/listAlerts";
import type { alertFeed } from "@/lib/queries/stats/alerts";
import type { positionConfidenceHeatmap } from "@/lib/queries/stats/heatmap";
import type { HistogramMetric, metricHistogram } from "@/lib/queries/stats/histogram";
import type { kpis } from "@/lib/queries/stats/kpis";
import type { RangeHint } from "@/lib/queries/stats/rangeHint";
import type { avgLogprobTimeseries } from "@/lib/queries/stats/timeseries";
import { fetchJson } from "./apiClient";

/** One TanStack Query hook per endpoint; each query key holds every parameter sent. */
export type KpisData = Awaited<ReturnType<typeof kpis>>;
export type TimeseriesData = Awaited<ReturnType<typeof avgLogprobTimeseries>>;
export type HistogramData = Awaited<ReturnType<typeof metricHistogram>>;
export type HeatmapData = Awaited<ReturnType<typeof positionConfidenceHeatmap>>;
export type AlertsData = Awaited<ReturnType<typeof alertFeed>>;
export type FacetsData = Awaited<ReturnType<typeof facets>>;

/** Presets slide with time: recomputed on every render, rounded to the minute. */
const params = (filters: DashboardFilters) => statsParams(filters, Date.now());

export function useKpis(filters: DashboardFilters) {
  const p = params(filters);
  return useQuery({ queryKey: ["stats", "kpis", p], queryFn: () => fetchJson<KpisData>("/api/v1/stats/kpis", p) });
}

export function useTimeseries(filters: DashboardFilters, groupBy: "model" | "tag") {
  const p = { ...params(filters), groupBy };
  return useQuery({ queryKey: ["stats", "timeseries", p], queryFn: () => fetchJson<TimeseriesData>("/api/v1/stats/timeseries", p) });
}

export function useHistogram(filters: DashboardFilters, metric: HistogramMetric) {
  const p = { ...params(filters), metric };
  return useQuery({ queryKey: ["stats", "histogram", p], queryFn: () => fetchJson<HistogramData>("/api/v1/stats/histogram", p) });
}

export function useHeatmap(filters: DashboardFilters) {
  const p = params(filters);
  return useQuery({ queryKey: ["stats", "heatmap", p], queryFn: () => fetchJson<HeatmapData>("/api/v1/stats/heatmap", p) });
}

export function useAlerts(filters: DashboardFilters, limit = 20) {
  const p = { ...params(filters), limit: String(limit) };
  return useQuery({ queryKey: ["stats", "alerts", p], queryFn: () => fetchJson<AlertsData>("/api/v1/stats/alerts", p) });
}

export function useFacets(project: string | undefined) {
  const p = { project };
  return useQuery({ queryKey: ["facets", p], queryFn: () => fetchJson<FacetsData>("/api/v1/facets", p), refetchInterval: 30_000 });
}

/** Responses outside the range (same model and tag), so an empty range can point at them. */
export function useRangeHint(filters: DashboardFilters) {
  const p = params(filters);
  return useQuery({ queryKey: ["stats", "range-hint", p], queryFn: () => fetchJson<RangeHint>("/api/v1/stats/range-hint", p) });
}

/** Explorer page: filters plus sort, order, text search and cursor. `live: false` pauses the refresh. */
export function useResponsesList(query: Record<string, string | undefined>, live = true) {
  return useQuery({
    queryKey: ["responses", query],
    queryFn: () => fetchJson<ListResponsesResult>("/api/v1/responses", query),
    placeholderData: keepPreviousData,
    ...(live ? {} : { refetchInterval: false as const }),
  });
}

/** The explorer's total for the same filters ("1–50 of 1,200"); paging and sort left out of the key. */
export function useResponsesCount(query: Record<string, string | undefined>, live = true) {
  const { cursor: _cursor, sort: _sort, order: _order, limit: _limit, ...filter } = query;
  return useQuery({
    queryKey: ["responses-count", filter],
    queryFn: () => fetchJson<ResponseCount>("/api/v1/responses/count", filter),
    // Another filter's total must not stand in for this one's while it is counted ("1–3 of 1,200").
    placeholderData: undefined,
    ...(live ? {} : { refetchInterval: false as const }),
  });
}

/** Where a response lives, asked only when it is not in the project the URL names. */
export function useResponseLocation(id: number, enabled: boolean) {
  return useQuery({
    queryKey: ["response-location", id],
    queryFn: () => fetchJson<{ projectId: string; projectName: string }>(`/api/v1/responses/${id}/location`),
    enabled,
    refetchInterval: false,
    retry: false,
  });
}

export function useResponseDetail(id: number, project: string | undefined) {
  return useQuery({
    queryKey: ["response", id, project],
    queryFn: () => fetchJson<ResponseDetail>(`/api/v1/responses/${id}`, { project }),
    refetchInterval: false,
  });
}

/** Tokens per page of `GET /api/v1/responses/{id}?tokens=START-END` (the API's maximum span). */
export const TOKEN_PAGE_SIZE = 2_000;

/**
 * The pages of a long response's tokens after the first one (which the detail carries), in
 * order, fetched one at a time with `fetchNextPage` as the reader nears the end.
 */
export function useResponseTokenPages(id: number, project: string | undefined, firstPage: ResponseDetail["tokenPage"], enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ["response", id, project, "tokens", firstPage.end],
    initialPageParam: firstPage.end,
    queryFn: ({ pageParam }) =>
      fetchJson<ResponseTokensPage>(`/api/v1/responses/${id}`, { project, tokens: `${pageParam}-${pageParam + TOKEN_PAGE_SIZE}` }),
    getNextPageParam: (last) => (last.tokenPage.end < last.tokenPage.total ? last.tokenPage.end : undefined),
    // An infinite query fetches its first page once enabled: the caller enables it on the first ask.
    enabled: enabled && firstPage.end < firstPage.total,
    refetchInterval: false,
    staleTime: Infinity,
    // The app-wide placeholder is the previous query's data: another response's tokens here.
    placeholderData: () => undefined,
  });
}

/** The time window slides with time: recomputed on every render, rounded to the minute. */
const alertsQueryNow = (filters: AlertFilters, project: string | undefined, cursor: string | undefined) => alertsApiQuery(filters, project, cursor, Date.now());

export type AlertsListData = { data: AlertDto[]; nextCursor: string | null };

/** GET /api/v1/alerts with the /alerts page's filters and cursor; polled like the overview. */
export function useAlertsList(filters: AlertFilters, project: string | undefined, cursor: string | undefined) {
  const query = alertsQueryNow(filters, project, cursor);
  return useQuery({
    queryKey: ["alerts", query],
    queryFn: () => fetchJson<AlertsListData>("/api/v1/alerts", query),
    placeholderData: keepPreviousData,
  });
}

/** The alerts of one response (the token view's detector evidence). */
export function useResponseAlerts(id: number, project: string | undefined) {
  const query = { responseId: String(id), project, limit: "200" };
  return useQuery({
    queryKey: ["alerts", query],
    queryFn: () => fetchJson<AlertsListData>("/api/v1/alerts", query),
    refetchInterval: false,
    placeholderData: undefined,
  });
}
