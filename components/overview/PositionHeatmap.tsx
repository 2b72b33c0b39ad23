"use client";

import { useMemo, useState } from "react";
import { sequentialBlue } from "@/components/charts/palette";
import { prepareHeatmap, type HeatmapCell, type HeatmapRow } from "@/components/charts/prepare/heatmap";
import { useHeatmap } from "@/components/data/queries";
import type { DashboardFilters } from "@/components/filters/dashboardFilters";
import { Panel } from "./Panel";

/**
 * Token position (rows) x chosen-token probability (columns); colour = share of the row's
 * tokens. Reads where in a response the model loses confidence.
 */
export function PositionHeatmap({ filters }: { filters: DashboardFilters }) {
  const query = useHeatmap(filters);
  const prepared = useMemo(() => (query.data ? prepareHeatmap(query.data) : null), [query.data]);
  const [hover, setHover] = useState<{ row: HeatmapRow; cell: HeatmapCell } | null>(null);

  return (
    <Panel
      title="Where confidence drops: position × probability"
      subtitle={
        <>
          Rows: token position (tens, then 4 log-spaced buckets per decade past 100). Columns: probability of the chosen token. Colour: share of the row.
          {filters.tag ? " The tag filter does not apply to this panel." : ""}
        </>
      }
      testId="panel-heatmap"
      state={{ isPending: query.isPending, error: query.error }}
    >
      {prepared && prepared.rows.length === 0 ? (
        <p className="py-16 text-center text-sm text-slate-500">No tokens in this range.</p>
      ) : prepared ? (
        <div>
          <div className="grid gap-px text-[10px]" style={{ gridTemplateColumns: `64px repeat(${prepared.probLabels.length}, minmax(0, 1fr))` }} role="table" aria-label="Token position by probability heatmap">
            <div role="columnheader" className="text-slate-500">position</div>
            {prepared.probLabels.map((label) => (
              <div key={label} role="columnheader" className="truncate text-center text-slate-500" title={`probability ${label}`}>
                {label.split("–")[0]}
              </div>
            ))}
            {prepared.rows.map((row) => (
              <HeatmapRowCells key={row.position} row={row} maxShare={prepared.maxShare} onHover={setHover} />
            ))}
          </div>
          <p className="mt-2 h-4 text-xs text-slate-600 tabular-nums" data-testid="heatmap-hover" aria-live="polite">
            {hover
              ? `positions ${hover.row.label}, p ${prepared.probLabels[hover.cell.prob]}: ${hover.cell.count.toLocaleString()} of ${hover.row.total.toLocaleString()} tokens (${(hover.cell.share * 100).toFixed(1)}%)`
              : "Hover a cell for counts."}
          </p>
        </div>
      ) : null}
    </Panel>
  );
}

function HeatmapRowCells({ row, maxShare, onHover }: { row: HeatmapRow; maxShare: number; onHover: (value: { row: HeatmapRow; cell: HeatmapCell } | null) => void }) {
  return (
    <>
      <div role="rowheader" className="pr-1 text-right text-slate-500 tabular-nums">{row.label}</div>
      {row.cells.map((cell) => (
        <div
          key={cell.prob}
          role="cell"
          tabIndex={-1}
          className="h-5 rounded-[2px]"
          style={{ background: row.total === 0 ? "#f8fafc" : sequentialBlue(maxShare > 0 ? Math.sqrt(cell.share / maxShare) : 0) }}
          title={`${cell.count.toLocaleString()} tokens (${(cell.share * 100).toFixed(1)}% of positions ${row.label})`}
          onMouseEnter={() => onHover({ row, cell })}
          onMouseLeave={() => onHover(null)}
        />
      ))}
    </>
  );
}
