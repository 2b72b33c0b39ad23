/**
 * Cursor paging moves forward only (the API returns `nextCursor`), so "Previous" needs the
 * cursors of the pages already seen. The current cursor lives in the URL; the trail of earlier
 * ones lives in component state, remembered together with the cursor it leads to. When the
 * URL's cursor no longer matches (a filter changed, a reload, Back), the trail is cut to the
 * matching page, or dropped, and "Previous" falls back to the first page.
 */
export interface CursorTrail {
  /** The cursor of the page this trail leads to; undefined is the first page. */
  at: string | undefined;
  /** Cursors of the earlier pages, oldest first; "" stands for the first page. */
  earlier: string[];
}

const FIRST_PAGE = "";

export const EMPTY_TRAIL: CursorTrail = { at: undefined, earlier: [] };

/** The earlier pages behind `current`, as far as the trail knows them. */
export function earlierPages(trail: CursorTrail, current: string | undefined): string[] {
  if (current === undefined) return [];
  if (trail.at === current) return trail.earlier;
  const index = trail.earlier.lastIndexOf(current);
  return index > 0 ? trail.earlier.slice(0, index) : [];
}

/** Going to the next page: the current page joins the trail. */
export function forward(trail: CursorTrail, current: string | undefined, nextCursor: string): CursorTrail {
  return { at: nextCursor, earlier: [...earlierPages(trail, current), current ?? FIRST_PAGE] };
}

/** Going back one page: the cursor to show (undefined: the first page) and the shorter trail. */
export function back(trail: CursorTrail, current: string | undefined): { cursor: string | undefined; trail: CursorTrail } {
  const earlier = earlierPages(trail, current);
  const previous = earlier[earlier.length - 1];
  const cursor = previous === undefined || previous === FIRST_PAGE ? undefined : previous;
  return { cursor, trail: { at: cursor, earlier: earlier.slice(0, -1) } };
}

/** 1-based page number, or undefined when the trail does not know how we got here (e.g. after a reload). */
export function pageNumber(trail: CursorTrail, current: string | undefined): number | undefined {
  if (current === undefined) return 1;
  const earlier = earlierPages(trail, current);
  return earlier.length > 0 ? earlier.length + 1 : undefined;
}
