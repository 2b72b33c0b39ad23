import { ALERT_STATUSES, type AlertStatus } from "@/lib/alerts/alertSchemas";
import { ALERT_DETECTORS, type AlertDetectorName } from "@/lib/metrics/detectors/settings";

/** The /alerts page's filters, as kept in its URL. */
export interface AlertFilters {
  status: AlertStatus | "";
  detector: AlertDetectorName | "";
  model: string;
  /** Hours back from now; "" for all time. */
  range: "" | "1" | "24" | "168" | "720";
}

export const ALERT_RANGES: Array<{ value: AlertFilters["range"]; label: string }> = [
  { value: "1", label: "Last hour" },
  { value: "24", label: "Last 24 hours" },
  { value: "168", label: "Last 7 days" },
  { value: "720", label: "Last 30 days" },
  { value: "", label: "All time" },
];

export function alertFiltersFromSearch(search: URLSearchParams): AlertFilters {
  const status = search.get("status") ?? "open";
  const detector = search.get("detector") ?? "";
  // `hours`, not the dashboard's `range` (presets such as 24h), which the nav carries across pages.
  const rawRange = search.get("hours") ?? "168";
  const range = rawRange === "all" ? "" : rawRange;
  return {
    status: (ALERT_STATUSES as readonly string[]).includes(status) ? (status as AlertStatus) : "",
    detector: (ALERT_DETECTORS as readonly string[]).includes(detector) ? (detector as AlertDetectorName) : "",
    model: search.get("model") ?? "",
    range: ALERT_RANGES.some((r) => r.value === range) ? (range as AlertFilters["range"]) : "168",
  };
}

/** The filters written back over the other parameters (project, ...); `status` "" is written as "all". */
export function alertFiltersToSearch(filters: AlertFilters, base: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(base);
  next.set("status", filters.status || "all");
  for (const key of ["detector", "model", "range"] as const) {
    const value = filters[key];
    if (key === "range") next.set("hours", value || "all");
    else if (value) next.set(key, value);
    else next.delete(key);
  }
  return next;
}

/** The API query for the filters at `now` (from rounded to the minute so polling keeps one key). */
export function alertsApiQuery(filters: AlertFilters, project: string | undefined, cursor: string | undefined, now: number): Record<string, string | undefined> {
  const minute = Math.floor(now / 60_000) * 60_000;
  return {
    project,
    status: filters.status || undefined,
    detector: filters.detector || undefined,
    model: filters.model || undefined,
    from: filters.range ? String(minute - Number(filters.range) * 3_600_000) : undefined,
    cursor,
    limit: "50",
  };
}
