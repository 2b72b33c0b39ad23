"use client";

import type { DashboardFilters } from "@/components/filters/dashboardFilters";
import { Definition } from "@/components/definitions/Definition";
import { useKpis, type KpisData } from "@/components/data/queries";
import { useLastGood } from "@/components/data/lastGood";
import { formatProbabilityOfLogprob } from "@/components/tokens/formatSignal";
import { formatCount, formatDelta, formatNumber, formatPercent, type DeltaKind } from "./format";

type KpiKey = Exclude<keyof KpisData["current"], "meanMinLogprob" | "medianApproximate">;
type KpiValues = KpisData["current"];

interface Tile {
  key: KpiKey;
  label: string;
  help: string;
  format: (v: number | null) => string;
  /** The same figure in the probability domain, for people who do not read nats. */
  probability?: (values: KpiValues) => string | null;
  delta: DeltaKind;
  decimals: number;
  higherIsBetter: boolean | null;
}

const TILES: Tile[] = [
  { key: "responses", label: "Responses", help: "Responses whose time falls in the range.", format: (v) => formatCount(v ?? 0), delta: "relative", decimals: 1, higherIsBetter: null },
  { key: "tokens", label: "Tokens", help: "Generated tokens in the range.", format: (v) => formatCount(v ?? 0), delta: "relative", decimals: 1, higherIsBetter: null },
  {
    key: "meanAvgLogprob",
    label: "Mean avgLogprob",
    help: "Mean over responses of avgLogprob (the mean natural-log probability of a response's tokens, nats). Closer to 0 = more confident. exp(mean avgLogprob) is the typical token probability; exp(mean minLogprob) the typical lowest token probability of a response.",
    format: (v) => formatNumber(v, 3),
    probability: (values) =>
      values.meanAvgLogprob === null
        ? null
        : `typical token p ${formatProbabilityOfLogprob(values.meanAvgLogprob)} · lowest ${formatProbabilityOfLogprob(values.meanMinLogprob)}`,
    delta: "absolute",
    decimals: 3,
    higherIsBetter: true,
  },
  { key: "medianPerplexity", label: "Median perplexity", help: "Median over responses of perplexity = exp(−avgLogprob): 1 is certain; 2 is as unsure as a fair coin at every token. Lower = more confident.", format: (v) => formatNumber(v, 2), delta: "relative", decimals: 1, higherIsBetter: false },
  { key: "flaggedShare", label: "Flagged", help: "Share of responses with at least one flag (README, Flags).", format: (v) => formatPercent(v), delta: "points", decimals: 1, higherIsBetter: false },
];

export function KpiTiles({ filters }: { filters: DashboardFilters }) {
  const { data, stale, error } = useLastGood(useKpis(filters));
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-5" data-testid="kpi-tiles" data-stale={stale ? "true" : undefined}>
      {TILES.map((tile, index) => {
        const current = data?.current[tile.key] ?? null;
        const previous = data?.previous[tile.key] ?? null;
        const delta = data ? formatDelta(current, previous, tile.delta, tile.decimals) : null;
        const better = tile.higherIsBetter === null || current === null || previous === null || current === previous ? null : (current > previous) === tile.higherIsBetter;
        const probability = data && tile.probability ? tile.probability(data.current) : null;
        return (
          <div key={tile.key} className={`card px-4 py-3 ${stale ? "opacity-60" : ""}`} data-testid={`kpi-${tile.key}`}>
            <div className="text-xs font-medium uppercase tracking-wide text-slate-600">
              <Definition label={tile.label} definition={tile.help} align={index >= TILES.length - 2 ? "right" : "left"} className="text-xs text-slate-600" />
            </div>
            <div className="mt-1 text-2xl font-semibold tabular-nums" data-testid="kpi-value">
              {tile.key === "medianPerplexity" && data?.current.medianApproximate && current !== null ? (
                <span title="From the hourly rollup's 0.02-nat avgLogprob bins: the range holds more responses than LOUPE_STATS_EXACT_MAX (README, Metrics)">≈ </span>
              ) : null}
              {data ? tile.format(current) : error ? "—" : "…"}
            </div>
            {probability ? (
              <div className="text-xs tabular-nums text-slate-600" data-testid="kpi-probability">
                {probability}
              </div>
            ) : null}
            <div className={`mt-0.5 text-xs tabular-nums ${better === null ? "text-slate-600" : better ? "text-emerald-700" : "text-amber-800"}`}>
              {delta ? `${delta} vs previous period` : data ? "no previous data" : "\u00a0"}
            </div>
          </div>
        );
      })}
    </div>
  );
}
