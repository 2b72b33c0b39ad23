import {
  filtersFromSearch,
  filtersToSearch,
  statsParams,
  type DashboardFilters,
} from "@/components/filters/dashboardFilters";

/**
 * Explorer-only URL state (text search, flagged toggle, sort, page size, cursor), next to the
 * shared dashboard filters (project, range, model, tag) that components/filters owns. Pure
 * functions; useExplorerSearch wires them to the URL.
 */
export const SORT_COLUMNS = ["occurredAt", "avgLogprob", "perplexity", "maxEntropyBits", "tokenCount", "flagCount"] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export type SortOrder = "asc" | "desc";

export const PAGE_SIZES = [25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export const DEFAULT_PAGE_SIZE: PageSize = 50;
export const DEFAULT_SORT: SortColumn = "occurredAt";
/** The API caps `q` at 200 characters. */
export const MAX_SEARCH_LENGTH = 200;

/**
 * The order a column starts in when first clicked: the "interesting" end first. Lowest
 * avgLogprob is the least confident response; for the others, the largest.
 */
export const FIRST_ORDER: Record<SortColumn, SortOrder> = {
  occurredAt: "desc",
  avgLogprob: "asc",
  perplexity: "desc",
  maxEntropyBits: "desc",
  tokenCount: "desc",
  flagCount: "desc",
};

export interface ExplorerParams {
  q?: string;
  flagged: boolean;
  sort: SortColumn;
  order: SortOrder;
  limit: PageSize;
  cursor?: string;
  /** The 1-based page the cursor leads to, kept in deep links ("page 2"); only with a cursor. */
  page?: number;
}

const EXPLORER_KEYS = ["q", "flagged", "sort", "order", "limit", "cursor", "page"] as const;

const isSortColumn = (value: string | null): value is SortColumn => SORT_COLUMNS.includes(value as SortColumn);

export function explorerFromSearch(params: URLSearchParams): ExplorerParams {
  const q = params.get("q")?.trim().slice(0, MAX_SEARCH_LENGTH);
  const sort = params.get("sort");
  const limit = Number(params.get("limit"));
  const cursor = params.get("cursor");
  const page = Number(params.get("page"));
  const validCursor = cursor !== null && /^\d{1,15}$/.test(cursor);
  return {
    ...(q ? { q } : {}),
    flagged: params.get("flagged") === "true" || params.get("flagged") === "1",
    sort: isSortColumn(sort) ? sort : DEFAULT_SORT,
    order: params.get("order") === "asc" ? "asc" : "desc",
    limit: PAGE_SIZES.find((size) => size === limit) ?? DEFAULT_PAGE_SIZE,
    // The API's cursor is a row id; anything else would only earn a 400.
    ...(validCursor ? { cursor } : {}),
    ...(validCursor && Number.isInteger(page) && page >= 2 && page < 1e9 ? { page } : {}),
  };
}

/** Writes the explorer keys into `base`, leaving defaults out so URLs stay short. */
export function explorerToSearch(explorer: ExplorerParams, base?: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams(base);
  for (const key of EXPLORER_KEYS) params.delete(key);
  if (explorer.q) params.set("q", explorer.q);
  if (explorer.flagged) params.set("flagged", "true");
  if (explorer.sort !== DEFAULT_SORT) params.set("sort", explorer.sort);
  if (explorer.order !== "desc") params.set("order", explorer.order);
  if (explorer.limit !== DEFAULT_PAGE_SIZE) params.set("limit", String(explorer.limit));
  if (explorer.cursor) params.set("cursor", explorer.cursor);
  if (explorer.cursor && explorer.page) params.set("page", String(explorer.page));
  return params;
}

export interface ExplorerPatch {
  filters?: Partial<DashboardFilters>;
  explorer?: Partial<ExplorerParams>;
}

/**
 * The URL after a change. Any change goes back to the first page unless it sets the cursor
 * itself, and switching project drops model and tag (they belong to the old project).
 */
export function applyExplorerPatch(current: URLSearchParams, patch: ExplorerPatch): URLSearchParams {
  const filters = filtersFromSearch(current);
  const nextFilters: DashboardFilters = { ...filters, ...patch.filters };
  if (patch.filters && "project" in patch.filters && patch.filters.project !== filters.project) {
    if (!("model" in patch.filters)) delete nextFilters.model;
    if (!("tag" in patch.filters)) delete nextFilters.tag;
  }
  const explorer: ExplorerParams = { ...explorerFromSearch(current), ...patch.explorer };
  if (!patch.explorer || !("cursor" in patch.explorer)) {
    delete explorer.cursor;
    delete explorer.page;
  } else if (!("page" in patch.explorer)) delete explorer.page;
  return explorerToSearch(explorer, filtersToSearch(nextFilters, current));
}

/** Clicking a header: the same column flips its order, a new one starts at its first order. */
export function toggleSort(current: Pick<ExplorerParams, "sort" | "order">, column: SortColumn): Pick<ExplorerParams, "sort" | "order"> {
  if (current.sort === column) return { sort: column, order: current.order === "asc" ? "desc" : "asc" };
  return { sort: column, order: FIRST_ORDER[column] };
}

export function ariaSort(current: Pick<ExplorerParams, "sort" | "order">, column: SortColumn): "ascending" | "descending" | "none" {
  if (current.sort !== column) return "none";
  return current.order === "asc" ? "ascending" : "descending";
}

/** Whether anything narrows the list beyond the project (to offer a reset). */
export function hasActiveFilters(filters: DashboardFilters, explorer: ExplorerParams, defaultRange: DashboardFilters["range"]): boolean {
  return Boolean(filters.model || filters.tag || explorer.q || explorer.flagged || filters.range !== defaultRange);
}

/** The GET /api/v1/responses query string for the current view. */
export function responsesQuery(filters: DashboardFilters, explorer: ExplorerParams, now: number): Record<string, string | undefined> {
  return {
    ...statsParams(filters, now),
    q: explorer.q,
    flagged: explorer.flagged ? "true" : undefined,
    sort: explorer.sort,
    order: explorer.order,
    limit: String(explorer.limit),
    cursor: explorer.cursor,
  };
}
