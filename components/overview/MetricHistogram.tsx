"use client";

import { useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { prepareHistogram } from "@/components/charts/prepare/histogram";
import { useHistogram } from "@/components/data/queries";
import type { DashboardFilters } from "@/components/filters/dashboardFilters";
import type { HistogramMetric } from "@/lib/queries/stats/histogram";
import { Panel } from "./Panel";

const METRICS: Array<{ value: HistogramMetric; label: string }> = [
  { value: "avgLogprob", label: "avgLogprob" },
  { value: "perplexity", label: "perplexity" },
  { value: "meanEntropyBits", label: "meanEntropyBits" },
  { value: "minLogprob", label: "minLogprob" },
  { value: "lowConfidenceRatio", label: "lowConfidenceRatio" },
];

/** Responses by a chosen metric, as shares of each period so the previous period overlays fairly. */
export function MetricHistogram({ filters }: { filters: DashboardFilters }) {
  const [metric, setMetric] = useState<HistogramMetric>("avgLogprob");
  const query = useHistogram(filters, metric);
  const bars = useMemo(() => (query.data ? prepareHistogram(query.data) : []), [query.data]);
  return (
    <Panel
      title="Responses by metric"
      subtitle="Share of the period's responses per bin; grey = previous period of equal length. Edge bins hold the values beyond them."
      testId="panel-histogram"
      state={{ isPending: query.isPending, error: query.error }}
      actions={
        <select
          aria-label="Histogram metric"
          data-testid="histogram-metric"
          value={metric}
          onChange={(event) => setMetric(event.target.value as HistogramMetric)}
          className="rounded-md border border-slate-200 bg-white px-2 py-1 text-xs"
        >
          {METRICS.map((m) => (
            <option key={m.value} value={m.value}>{m.label}</option>
          ))}
        </select>
      }
    >
      <div className="h-64">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={bars} barGap={-8} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 10 }} interval="preserveStartEnd" minTickGap={16} />
            <YAxis tick={{ fontSize: 11 }} width={40} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
            <Tooltip
              formatter={(value, name, item) => {
                const bar = item.payload as (typeof bars)[number];
                const count = name === "Previous period" ? bar.previous : bar.current;
                return [`${(Number(value) * 100).toFixed(1)}% (${count})`, String(name)];
              }}
              labelFormatter={(_, payload) => {
                const bar = payload?.[0]?.payload as (typeof bars)[number] | undefined;
                return bar ? `${metric} ${bar.start.toFixed(2)} to ${bar.end.toFixed(2)}` : "";
              }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="previousShare" name="Previous period" fill="#cbd5e1" isAnimationActive={false} />
            <Bar dataKey="currentShare" name="This period" fill="#0072B2" fillOpacity={0.85} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </Panel>
  );
}
