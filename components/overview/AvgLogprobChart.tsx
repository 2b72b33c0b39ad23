"use client";

import { useMemo, useState } from "react";
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { seriesColor } from "@/components/charts/palette";
import { bandKey, formatBucketTime, prepareTimeseries } from "@/components/charts/prepare/timeseries";
import { useTimeseries } from "@/components/data/queries";
import type { DashboardFilters } from "@/components/filters/dashboardFilters";
import { Panel } from "./Panel";

/** Mean avgLogprob per bucket, one line per model (or tag), each with its p10–p90 band. */
export function AvgLogprobChart({ filters }: { filters: DashboardFilters }) {
  const [groupBy, setGroupBy] = useState<"model" | "tag">("model");
  const query = useTimeseries(filters, groupBy);
  const prepared = useMemo(() => (query.data ? prepareTimeseries(query.data) : null), [query.data]);
  const bucketLabel = prepared ? humanBucket(prepared.bucketMs) : "";

  return (
    <Panel
      title="Average logprob over time"
      subtitle={`Mean of responses' avgLogprob per ${bucketLabel || "bucket"}; band = p10–p90. Empty buckets are gaps.`}
      testId="panel-timeseries"
      state={{ isPending: query.isPending, error: query.error }}
      actions={
        <div className="flex rounded-md border border-slate-200 text-xs" role="group" aria-label="Group by">
          {(["model", "tag"] as const).map((option) => (
            <button
              key={option}
              type="button"
              onClick={() => setGroupBy(option)}
              aria-pressed={groupBy === option}
              className={`px-2 py-1 ${groupBy === option ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"}`}
            >
              by {option}
            </button>
          ))}
        </div>
      }
    >
      {prepared && prepared.series.length === 0 ? (
        <p className="py-16 text-center text-sm text-slate-500">No responses in this range.</p>
      ) : prepared ? (
        <div className="h-72">
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={prepared.rows} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
              <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => formatBucketTime(t, prepared.bucketMs)} tick={{ fontSize: 11 }} minTickGap={40} />
              <YAxis tick={{ fontSize: 11 }} width={48} domain={prepared.yDomain} ticks={prepared.yTicks} tickFormatter={(v: number) => v.toFixed(1)} />
              <Tooltip
                labelFormatter={(t) => new Date(Number(t)).toLocaleString()}
                formatter={(value, name) => (Array.isArray(value) ? [`${Number(value[0]).toFixed(3)} – ${Number(value[1]).toFixed(3)}`, `${String(name)}`] : [Number(value).toFixed(3), String(name)])}
              />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {prepared.series.map(({ dataKey, name }, index) => (
                <Area key={`${dataKey}-band`} dataKey={bandKey(dataKey)} name={`${name} p10–p90`} stroke="none" fill={seriesColor(index)} fillOpacity={0.12} connectNulls={false} isAnimationActive={false} legendType="none" />
              ))}
              {prepared.series.map(({ dataKey, name, pointCount }, index) => (
                // Sparse series get dots: a lone bucket between gaps would otherwise be invisible.
                <Line key={dataKey} dataKey={dataKey} name={name} stroke={seriesColor(index)} strokeWidth={2} dot={pointCount < 60 ? { r: 2.5 } : false} connectNulls={false} isAnimationActive={false} />
              ))}
            </ComposedChart>
          </ResponsiveContainer>
          {query.data && query.data.omittedSeries > 0 ? (
            <p className="mt-1 text-xs text-slate-500">{query.data.omittedSeries} smaller series not shown.</p>
          ) : null}
        </div>
      ) : null}
    </Panel>
  );
}

function humanBucket(ms: number): string {
  if (ms % 86_400_000 === 0) return ms === 86_400_000 ? "day" : `${ms / 86_400_000} days`;
  if (ms % 3_600_000 === 0) return ms === 3_600_000 ? "hour" : `${ms / 3_600_000} hours`;
  return ms === 60_000 ? "minute" : `${ms / 60_000} minutes`;
}
