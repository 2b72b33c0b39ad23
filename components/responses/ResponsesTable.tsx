"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Fragment, useState, type KeyboardEvent, type MouseEvent } from "react";
import type { ListResponsesResult } from "@/lib/queries/listResponses";
import { ariaSort, type ExplorerParams, type SortColumn } from "./explorerSearch";
import { formatProbabilityOfLogprob } from "@/components/tokens/formatSignal";
import {
  avgLogprobTone,
  flagShortLabel,
  flagTitle,
  formatAbsoluteTime,
  formatAvgLogprob,
  formatEntropyBits,
  formatPerplexity,
  formatRelativeTime,
  formatTokenCount,
} from "./formatMetric";

export type ResponseRowData = ListResponsesResult["data"][number];

interface Column {
  key: string;
  label: string;
  sort?: SortColumn;
  numeric?: boolean;
  title?: string;
}

const COLUMNS: Column[] = [
  { key: "time", label: "Time", sort: "occurredAt" },
  { key: "model", label: "Model" },
  { key: "preview", label: "Output" },
  { key: "tokens", label: "Tokens", sort: "tokenCount", numeric: true },
  { key: "avgLogprob", label: "avg logprob", sort: "avgLogprob", numeric: true, title: "Mean token logprob. Tint: blue confident → orange unsure" },
  { key: "perplexity", label: "Perplexity", sort: "perplexity", numeric: true },
  { key: "maxEntropy", label: "Max entropy, bits", sort: "maxEntropyBits", numeric: true },
  { key: "flags", label: "Flags", sort: "flagCount" },
  { key: "tags", label: "Tags" },
];

interface ResponsesTableProps {
  rows: ResponseRowData[] | undefined;
  sort: Pick<ExplorerParams, "sort" | "order">;
  onSort: (column: SortColumn) => void;
  /** Where a row leads: the token view, carrying the current search params. */
  rowHref: (id: number) => string;
  /** The time the rows were fetched, for "5m ago". */
  fetchedAt: number;
  /** Rows shown are the previous query's while the new one loads. */
  stale: boolean;
  skeletonRows: number;
}

/** A server-paged, sortable table of responses; every row opens the token view. */
export function ResponsesTable({ rows, sort, onSort, rowHref, fetchedAt, stale, skeletonRows }: ResponsesTableProps) {
  const router = useRouter();
  const open = (href: string, event: MouseEvent | KeyboardEvent) => {
    if (event.metaKey || event.ctrlKey) window.open(href, "_blank", "noopener");
    else router.push(href);
  };

  return (
    <div className="overflow-x-auto">
      <table
        data-testid="responses-table"
        aria-busy={stale || rows === undefined}
        className={`w-full border-collapse text-sm transition-opacity duration-150 ${stale ? "opacity-60" : ""}`}
      >
        <thead>
          <tr className="border-b border-slate-200 bg-slate-50 text-left text-xs font-medium text-slate-600">
            {COLUMNS.map((column) => (
              <th
                key={column.key}
                scope="col"
                title={column.title}
                aria-sort={column.sort ? ariaSort(sort, column.sort) : undefined}
                data-testid={column.sort ? `sort-${column.sort}` : undefined}
                className={`whitespace-nowrap px-3 py-2 ${column.numeric ? "text-right" : ""}`}
              >
                {column.sort ? (
                  <SortButton column={column} active={sort.sort === column.sort} order={sort.order} onSort={onSort} />
                ) : (
                  column.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows === undefined
            ? Array.from({ length: skeletonRows }, (_, index) => <SkeletonRow key={index} />)
            : rows.map((row) => <ResponseRow key={row.id} row={row} href={rowHref(row.id)} fetchedAt={fetchedAt} onOpen={open} />)}
        </tbody>
      </table>
    </div>
  );
}

function SortButton({ column, active, order, onSort }: { column: Column; active: boolean; order: "asc" | "desc"; onSort: (column: SortColumn) => void }) {
  const arrow = !active ? "↕" : order === "asc" ? "↑" : "↓";
  return (
    <button
      type="button"
      onClick={() => column.sort && onSort(column.sort)}
      className={`inline-flex items-center gap-1 rounded px-1 -mx-1 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600 ${active ? "text-slate-900" : ""}`}
    >
      {column.label}
      <span aria-hidden className={active ? "text-indigo-600" : "text-slate-400"}>
        {arrow}
      </span>
    </button>
  );
}

const cell = "px-3 py-2 align-middle";
const numericCell = `${cell} text-right font-mono text-xs tabular-nums`;

function ResponseRow({ row, href, fetchedAt, onOpen }: { row: ResponseRowData; href: string; fetchedAt: number; onOpen: (href: string, event: MouseEvent | KeyboardEvent) => void }) {
  const occurredAt = Date.parse(row.occurredAt);
  const { metrics } = row;
  // A probability-0 token makes the whole sequence and the lowest token 0 (null: not known for rows stored before the count was kept).
  const zeroProbability = (row.zeroProbabilityTokens ?? 0) > 0;
  const [expanded, setExpanded] = useState(false);
  const detailId = `response-${row.id}-detail`;
  return (
    <Fragment>
    <tr
      data-testid="response-row"
      data-id={row.id}
      tabIndex={0}
      className="cursor-pointer hover:bg-slate-50 focus:bg-indigo-50/60 focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-500"
      onClick={(event) => {
        // Links inside handle themselves; selecting text is not a click on the row.
        if ((event.target as HTMLElement).closest("a") || window.getSelection()?.toString()) return;
        onOpen(href, event);
      }}
      onKeyDown={(event) => {
        if (event.key === "Enter" && event.target === event.currentTarget) onOpen(href, event);
      }}
    >
      <td className={`${cell} whitespace-nowrap text-slate-600`}>
        <time dateTime={row.occurredAt} title={formatAbsoluteTime(occurredAt)}>
          {formatRelativeTime(occurredAt, fetchedAt)}
        </time>
      </td>
      <td data-testid="cell-model" className={`${cell} max-w-44 truncate whitespace-nowrap`} title={row.model}>
        {row.model}
      </td>
      <td className={`${cell} w-full max-w-0 min-w-64`} data-testid="cell-output">
        <div className="flex items-center gap-1.5">
          <button
            type="button"
            aria-expanded={expanded}
            aria-controls={detailId}
            aria-label={expanded ? "Hide the output and probabilities" : "Show the output and probabilities"}
            data-testid="expand-row"
            onClick={(event) => {
              event.stopPropagation();
              setExpanded((value) => !value);
            }}
            className="shrink-0 rounded px-1 text-slate-600 hover:bg-slate-200 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            <span aria-hidden>{expanded ? "▾" : "▸"}</span>
          </button>
          {/* Untrusted model output: rendered as text only, never as HTML. */}
          <Link href={href} prefetch={false} tabIndex={-1} className="block min-w-0 truncate text-slate-800 hover:text-indigo-700" title={row.outputPreview}>
            {row.outputPreview.trim() || <span className="italic text-slate-600">(empty output)</span>}
          </Link>
        </div>
      </td>
      <td className={numericCell}>{formatTokenCount(metrics.tokenCount)}</td>
      <td data-testid="cell-avgLogprob" data-value={metrics.avgLogprob ?? ""} className={`${numericCell} ${avgLogprobTone(metrics.avgLogprob)}`}>
        {formatAvgLogprob(metrics.avgLogprob)}
      </td>
      <td data-testid="cell-perplexity" data-value={metrics.perplexity ?? ""} className={numericCell}>
        {formatPerplexity(metrics.perplexity)}
      </td>
      <td data-testid="cell-maxEntropyBits" data-value={metrics.maxEntropyBits ?? ""} className={numericCell}>
        {formatEntropyBits(metrics.maxEntropyBits)}
      </td>
      <td className={cell}>
        <div className="flex max-w-44 flex-wrap gap-1">
          {row.flags.map((flag) => (
            <span
              key={flag.rule}
              data-testid="flag-badge"
              data-rule={flag.rule}
              title={flagTitle(flag)}
              aria-label={flagTitle(flag)}
              className="whitespace-nowrap rounded border border-orange-200 bg-orange-50 px-1.5 py-px text-[11px] text-orange-900"
            >
              {flagShortLabel(flag.rule)}
            </span>
          ))}
        </div>
      </td>
      <td data-testid="cell-tags" className={cell}>
        <div className="flex max-w-32 flex-wrap gap-1">
          {row.tags.map((tag) => (
            <span key={tag} className="whitespace-nowrap rounded bg-slate-100 px-1.5 py-px text-[11px] text-slate-700">
              {tag}
            </span>
          ))}
        </div>
      </td>
    </tr>
    {expanded && (
      <tr id={detailId} data-testid="row-detail" className="bg-slate-50/70">
        <td colSpan={COLUMNS.length} className="px-3 pb-3 pt-1 text-sm">
          <p className="whitespace-pre-wrap break-words text-slate-800">{row.outputPreview || "(empty output)"}{row.outputPreview.length >= 200 ? "…" : ""}</p>
          <p className="mt-1 text-xs tabular-nums text-slate-700" data-testid="row-probabilities">
            Sequence probability {formatProbabilityOfLogprob(zeroProbability ? -Infinity : metrics.sumLogprob)} · lowest token probability{" "}
            {formatProbabilityOfLogprob(zeroProbability ? -Infinity : metrics.minLogprob)} · typical token probability{" "}
            {formatProbabilityOfLogprob(metrics.avgLogprob)}
          </p>
        </td>
      </tr>
    )}
    </Fragment>
  );
}

function SkeletonRow() {
  return (
    <tr aria-hidden>
      {COLUMNS.map((column) => (
        <td key={column.key} className={cell}>
          <div className="h-4 animate-pulse rounded bg-slate-100" />
        </td>
      ))}
    </tr>
  );
}
