"use client";

import type { DashboardFilters } from "@/components/filters/dashboardFilters";
import { useKpis, type KpisData } from "@/components/data/queries";
import { formatCount, formatDelta, formatNumber, formatPercent, type DeltaKind } from "./format";

type KpiKey = keyof KpisData["current"];

const TILES: Array<{ key: KpiKey; label: string; help: string; format: (v: number | null) => string; delta: DeltaKind; decimals: number; higherIsBetter: boolean | null }> = [
  { key: "responses", label: "Responses", help: "Responses in the range", format: (v) => formatCount(v ?? 0), delta: "relative", decimals: 1, higherIsBetter: null },
  { key: "tokens", label: "Tokens", help: "Generated tokens in the range", format: (v) => formatCount(v ?? 0), delta: "relative", decimals: 1, higherIsBetter: null },
  { key: "meanAvgLogprob", label: "Mean avgLogprob", help: "Mean over responses of avgLogprob (mean token logprob, nats). Closer to 0 = more confident.", format: (v) => formatNumber(v, 3), delta: "absolute", decimals: 3, higherIsBetter: true },
  { key: "medianPerplexity", label: "Median perplexity", help: "Median over responses of exp(−avgLogprob). Lower = more confident.", format: (v) => formatNumber(v, 2), delta: "relative", decimals: 1, higherIsBetter: false },
  { key: "flaggedShare", label: "Flagged", help: "Share of responses with at least one flag (README, Flags)", format: (v) => formatPercent(v), delta: "points", decimals: 1, higherIsBetter: false },
];

export function KpiTiles({ filters }: { filters: DashboardFilters }) {
  const { data, error } = useKpis(filters);
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-5" data-testid="kpi-tiles">
      {TILES.map((tile) => {
        const current = data?.current[tile.key] ?? null;
        const previous = data?.previous[tile.key] ?? null;
        const delta = data ? formatDelta(current, previous, tile.delta, tile.decimals) : null;
        const better = tile.higherIsBetter === null || current === null || previous === null || current === previous ? null : (current > previous) === tile.higherIsBetter;
        return (
          <div key={tile.key} className="card px-4 py-3" title={tile.help} data-testid={`kpi-${tile.key}`}>
            <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{tile.label}</div>
            <div className="mt-1 text-2xl font-semibold tabular-nums">{data ? tile.format(current) : error ? "!" : "…"}</div>
            <div className={`mt-0.5 text-xs tabular-nums ${better === null ? "text-slate-500" : better ? "text-emerald-700" : "text-amber-700"}`}>
              {delta ? `${delta} vs previous period` : data ? "no previous data" : "\u00a0"}
            </div>
          </div>
        );
      })}
    </div>
  );
}
