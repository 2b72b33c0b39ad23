/**
 * Dashboard filter state, kept in the URL so a view can be shared: project, range (a preset
 * or custom from/to), model, tag. Pure functions here; components/filters/useDashboardFilters
 * wires them to the router.
 */
export const RANGE_PRESETS = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "14d": 14 * 86_400_000,
  "30d": 30 * 86_400_000,
  "90d": 90 * 86_400_000,
} as const;

export type RangePreset = keyof typeof RANGE_PRESETS;
export const DEFAULT_RANGE: RangePreset = "7d";

export interface DashboardFilters {
  project?: string;
  range: RangePreset | "custom";
  from?: number;
  to?: number;
  model?: string;
  tag?: string;
}

const isPreset = (value: string | null): value is RangePreset => value !== null && value in RANGE_PRESETS;

function parseTime(value: string | null): number | undefined {
  if (!value) return undefined;
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

export function filtersFromSearch(params: URLSearchParams): DashboardFilters {
  const from = parseTime(params.get("from"));
  const to = parseTime(params.get("to"));
  const range = params.get("range");
  return {
    project: params.get("project") ?? undefined,
    range: from !== undefined && to !== undefined && from < to ? "custom" : isPreset(range) ? range : DEFAULT_RANGE,
    ...(from !== undefined && to !== undefined && from < to ? { from, to } : {}),
    model: params.get("model") ?? undefined,
    tag: params.get("tag") ?? undefined,
  };
}

export function filtersToSearch(filters: DashboardFilters, base?: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams(base);
  for (const key of ["project", "range", "from", "to", "model", "tag"]) params.delete(key);
  if (filters.project) params.set("project", filters.project);
  if (filters.range === "custom" && filters.from !== undefined && filters.to !== undefined) {
    params.set("from", new Date(filters.from).toISOString());
    params.set("to", new Date(filters.to).toISOString());
  } else if (filters.range !== DEFAULT_RANGE && filters.range !== "custom") {
    params.set("range", filters.range);
  }
  if (filters.model) params.set("model", filters.model);
  if (filters.tag) params.set("tag", filters.tag);
  return params;
}

/**
 * The concrete [from, to) for a request. Presets slide with `now`, rounded to the minute so
 * query keys (and caches) stay stable between refreshes within a minute.
 */
export function resolveRange(filters: DashboardFilters, now: number): { from: number; to: number } {
  if (filters.range === "custom" && filters.from !== undefined && filters.to !== undefined) return { from: filters.from, to: filters.to };
  const span = RANGE_PRESETS[filters.range === "custom" ? DEFAULT_RANGE : filters.range];
  const to = Math.ceil(now / 60_000) * 60_000;
  return { from: to - span, to };
}

/** Query-string parameters for the stats API. */
export function statsParams(filters: DashboardFilters, now: number): Record<string, string> {
  const { from, to } = resolveRange(filters, now);
  return {
    ...(filters.project ? { project: filters.project } : {}),
    from: String(from),
    to: String(to),
    ...(filters.model ? { model: filters.model } : {}),
    ...(filters.tag ? { tag: filters.tag } : {}),
  };
}
