"use client";

import { useMemo, useState, type KeyboardEvent } from "react";
import { sequentialBlue } from "@/components/charts/palette";
import { prepareHeatmap, type HeatmapRow } from "@/components/charts/prepare/heatmap";
import { useLastGood } from "@/components/data/lastGood";
import { useHeatmap } from "@/components/data/queries";
import type { DashboardFilters } from "@/components/filters/dashboardFilters";
import { formatCount } from "./format";
import { Panel } from "./Panel";

const cellText = (row: HeatmapRow, prob: number, probLabel: string) => {
  const cell = row.cells[prob];
  if (!cell) return "";
  return `positions ${row.label}, p ${probLabel}: ${cell.count.toLocaleString("en-US")} of ${row.total.toLocaleString("en-US")} tokens (${(cell.share * 100).toFixed(1)}%)`;
};

/**
 * Token position (rows) x chosen-token probability (columns); colour = share of the row's
 * tokens, with each row's total beside it (a row of 800 tokens is as dark as one of 80,000).
 * A real table: one cell is in the tab order, arrow keys move between cells, and the focused
 * or hovered cell's counts are read out below (and are each cell's accessible text).
 */
export function PositionHeatmap({ filters }: { filters: DashboardFilters }) {
  const query = useLastGood(useHeatmap(filters));
  const prepared = useMemo(() => (query.data ? prepareHeatmap(query.data) : null), [query.data]);
  const [active, setActive] = useState<{ row: number; prob: number } | null>(null);
  const [savedStop, setTabStop] = useState({ row: 0, prob: 0 });
  // Within the data on screen: a range with fewer rows must not leave the table out of the tab order.
  const tabStop = prepared
    ? { row: Math.min(savedStop.row, Math.max(0, prepared.rows.length - 1)), prob: Math.min(savedStop.prob, Math.max(0, prepared.probLabels.length - 1)) }
    : savedStop;

  const move = (event: KeyboardEvent<HTMLTableElement>) => {
    if (!prepared) return;
    const delta: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const step = delta[event.key];
    const home = event.key === "Home" ? [tabStop.row, 0] : event.key === "End" ? [tabStop.row, prepared.probLabels.length - 1] : null;
    if (!step && !home) return;
    event.preventDefault();
    const row = home ? home[0]! : Math.min(Math.max(tabStop.row + step![0], 0), prepared.rows.length - 1);
    const prob = home ? home[1]! : Math.min(Math.max(tabStop.prob + step![1], 0), prepared.probLabels.length - 1);
    setTabStop({ row, prob });
    setActive({ row, prob });
    event.currentTarget.querySelector<HTMLElement>(`[data-cell="${row}-${prob}"]`)?.focus();
  };

  const readout = prepared && active ? prepared.rows[active.row] : undefined;

  return (
    <Panel
      title="Where confidence drops: position × probability"
      subtitle={
        <>
          Rows: token position (tens, then 4 log-spaced buckets per decade past 100). Columns: probability of the chosen token. Colour: share of the row; the last column is the row&apos;s token count.
          {filters.tag ? " The tag filter does not apply to this panel." : ""}
        </>
      }
      testId="panel-heatmap"
      state={query}
    >
      {prepared && prepared.rows.length === 0 ? (
        <p className="py-16 text-center text-sm text-slate-600">No tokens in this range.</p>
      ) : prepared ? (
        <div>
          <table className="w-full table-fixed border-separate border-spacing-px text-[10px]" aria-label="Token position by probability of the chosen token: tokens per cell" onKeyDown={move} data-testid="heatmap-table">
            <thead>
              <tr>
                <th scope="col" className="w-16 text-left font-normal text-slate-600">position</th>
                {prepared.probLabels.map((label) => (
                  <th key={label} scope="col" className="truncate text-center font-normal text-slate-600" title={`probability ${label}`}>
                    <span aria-hidden>{label.split("–")[0]}</span>
                    <span className="sr-only">p {label}</span>
                  </th>
                ))}
                <th scope="col" className="w-14 text-right font-normal text-slate-600">tokens</th>
              </tr>
            </thead>
            <tbody>
              {prepared.rows.map((row, rowIndex) => (
                <tr key={row.position}>
                  <th scope="row" className="pr-1 text-right font-normal text-slate-600 tabular-nums">{row.label}</th>
                  {row.cells.map((cell) => {
                    const label = prepared.probLabels[cell.prob] ?? "";
                    const isStop = tabStop.row === rowIndex && tabStop.prob === cell.prob;
                    return (
                      <td
                        key={cell.prob}
                        data-cell={`${rowIndex}-${cell.prob}`}
                        data-testid="heatmap-cell"
                        tabIndex={isStop ? 0 : -1}
                        className="h-5 rounded-[2px] outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 focus-visible:ring-offset-1"
                        style={{ background: row.total === 0 ? "#f8fafc" : sequentialBlue(prepared.maxShare > 0 ? Math.sqrt(cell.share / prepared.maxShare) : 0) }}
                        onMouseEnter={() => setActive({ row: rowIndex, prob: cell.prob })}
                        onMouseLeave={() => setActive(null)}
                        onFocus={() => {
                          setTabStop({ row: rowIndex, prob: cell.prob });
                          setActive({ row: rowIndex, prob: cell.prob });
                        }}
                        onBlur={() => setActive(null)}
                      >
                        <span className="sr-only">{cellText(row, cell.prob, label)}</span>
                      </td>
                    );
                  })}
                  <td className="pl-1 text-right text-slate-700 tabular-nums" data-testid="heatmap-row-total">{formatCount(row.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 min-h-4 text-xs text-slate-700 tabular-nums" data-testid="heatmap-hover" aria-live="polite">
            {readout && active ? cellText(readout, active.prob, prepared.probLabels[active.prob] ?? "") : "Hover or focus a cell (arrow keys move) for its counts."}
          </p>
        </div>
      ) : null}
    </Panel>
  );
}
