"use client";

import { useMemo } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { prepareHistogram } from "@/components/charts/prepare/histogram";
import { useLastGood } from "@/components/data/lastGood";
import { useHistogram } from "@/components/data/queries";
import type { DashboardFilters } from "@/components/filters/dashboardFilters";
import { useSearchChoice } from "@/components/filters/useSearchChoice";
import type { HistogramMetric } from "@/lib/queries/stats/histogram";
import { Panel } from "./Panel";

const METRICS: Array<{ value: HistogramMetric; label: string }> = [
  { value: "avgLogprob", label: "avgLogprob" },
  { value: "perplexity", label: "perplexity" },
  { value: "meanEntropyBits", label: "meanEntropyBits" },
  { value: "minLogprob", label: "minLogprob" },
  { value: "lowConfidenceRatio", label: "lowConfidenceRatio" },
];

const METRIC_VALUES = METRICS.map((m) => m.value);

/** Previous period: mid grey with a dark outline, so the bar and its legend text stay readable. */
const PREVIOUS_FILL = "#94a3b8";
const CURRENT_FILL = "#0072B2";

/** Responses by a chosen metric, as shares of each period so the previous period overlays fairly. */
export function MetricHistogram({ filters }: { filters: DashboardFilters }) {
  const [metric, setMetric] = useSearchChoice<HistogramMetric>("metric", METRIC_VALUES, "avgLogprob");
  const query = useLastGood(useHistogram(filters, metric));
  const bars = useMemo(() => (query.data ? prepareHistogram(query.data) : []), [query.data]);
  const empty = query.data !== undefined && bars.every((bar) => bar.current === 0 && bar.previous === 0);
  return (
    <Panel
      title="Responses by metric"
      subtitle="Share of the period's responses per bin; grey = previous period of equal length. Edge bins hold the values beyond them."
      testId="panel-histogram"
      state={query}
      actions={
        <select
          aria-label="Histogram metric"
          data-testid="histogram-metric"
          value={metric}
          onChange={(event) => setMetric(event.target.value as HistogramMetric)}
          className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600"
        >
          {METRICS.map((m) => (
            <option key={m.value} value={m.value}>{m.label}</option>
          ))}
        </select>
      }
    >
      {empty ? (
        <p className="py-16 text-center text-sm text-slate-600" data-testid="histogram-empty">No responses in this range or the previous one.</p>
      ) : (
        <div className="h-64">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={bars} barGap={-8} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 10, fill: "#475569" }} interval="preserveStartEnd" minTickGap={16} />
              <YAxis tick={{ fontSize: 11, fill: "#475569" }} width={40} domain={[0, (max: number) => Math.min(1, Math.max(0.05, max))]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
              <Tooltip
                // A faint outline of the bin, not a grey bar that reads as a previous-period bar.
                cursor={{ fill: "rgba(79, 70, 229, 0.06)", stroke: "rgba(79, 70, 229, 0.35)", strokeDasharray: "2 2" }}
                formatter={(value, name, item) => {
                  const bar = item.payload as (typeof bars)[number];
                  const count = name === "Previous period" ? bar.previous : bar.current;
                  return [`${(Number(value) * 100).toFixed(1)}% (${count})`, String(name)];
                }}
                labelFormatter={(_, payload) => {
                  const bar = payload?.[0]?.payload as (typeof bars)[number] | undefined;
                  return bar ? `${metric} ${bar.range}` : "";
                }}
              />
              <Legend wrapperStyle={{ fontSize: 12 }} formatter={(value: string) => <span className="text-slate-700">{value}</span>} />
              <Bar dataKey="previousShare" name="Previous period" fill={PREVIOUS_FILL} fillOpacity={0.55} stroke="#64748b" strokeWidth={0.5} isAnimationActive={false} />
              <Bar dataKey="currentShare" name="This period" fill={CURRENT_FILL} fillOpacity={0.85} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </Panel>
  );
}
