"use client";

import { CONTROL_CLASS } from "./ResponseFilters";
import { PAGE_SIZES, type PageSize } from "./explorerSearch";
import { pagerStatus } from "./pagerStatus";

interface ResponsesPagerProps {
  page: number | undefined;
  pageSize: PageSize;
  rowCount: number;
  /** Responses matching the filters (all pages); undefined until counted. */
  total: number | undefined;
  /** The total is an estimate (GET /api/v1/responses/count's `estimated`). */
  estimated?: boolean;
  canGoBack: boolean;
  canGoForward: boolean;
  onBack: () => void;
  onForward: () => void;
  onPageSize: (size: PageSize) => void;
}

const buttonClass =
  "h-9 rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-500 disabled:cursor-not-allowed disabled:opacity-40 disabled:hover:bg-white";

/** Cursor paging: Previous / Next, the rows on screen and the page size. */
export function ResponsesPager({ page, pageSize, rowCount, total, estimated = false, canGoBack, canGoForward, onBack, onForward, onPageSize }: ResponsesPagerProps) {
  const first = page !== undefined ? (page - 1) * pageSize + 1 : undefined;
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-3 py-2 text-sm text-slate-700">
      <label className="flex items-center gap-2">
        Rows per page
        <select
          data-testid="page-size"
          className={CONTROL_CLASS}
          value={pageSize}
          onChange={(event) => onPageSize(Number(event.target.value) as PageSize)}
        >
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
      <div className="flex items-center gap-3">
        <span aria-live="polite" className="tabular-nums" data-testid="pager-status">
          <span title={estimated ? "Estimated: counting every match of this search term took too long" : undefined}>{pagerStatus(first, rowCount, total, page, estimated)}</span>
        </span>
        <button type="button" data-testid="prev-page" className={buttonClass} disabled={!canGoBack} onClick={onBack}>
          ← Previous
        </button>
        <button type="button" data-testid="next-page" className={buttonClass} disabled={!canGoForward} onClick={onForward}>
          Next →
        </button>
      </div>
    </nav>
  );
}
