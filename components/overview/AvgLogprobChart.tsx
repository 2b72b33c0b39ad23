"use client";

import { useMemo, useState } from "react";
import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import type { NameType, ValueType } from "recharts/types/component/DefaultTooltipContent";
import { seriesColor } from "@/components/charts/palette";
import { bandKey, countKey, formatBucketTime, prepareTimeseries, type TimeseriesRow } from "@/components/charts/prepare/timeseries";
import { useLastGood } from "@/components/data/lastGood";
import { useTimeseries } from "@/components/data/queries";
import type { DashboardFilters } from "@/components/filters/dashboardFilters";
import { useSearchChoice } from "@/components/filters/useSearchChoice";
import { formatSigned } from "@/components/format/number";
import { Panel } from "./Panel";

interface Series {
  dataKey: string;
  name: string;
  color: string;
}

const GROUPINGS = ["model", "tag"] as const;

/**
 * Mean avgLogprob per bucket, one line per model (or tag). The legend is a row of toggle
 * buttons (click hides or shows a series); the p10–p90 band is drawn only for the focused
 * series (legend hover or focus, or the only one shown), and a dot's size says how many
 * responses its bucket holds (a lone response is a small hollow dot).
 */
export function AvgLogprobChart({ filters }: { filters: DashboardFilters }) {
  const [groupBy, setGroupBy] = useSearchChoice("groupBy", GROUPINGS, "model");
  const query = useLastGood(useTimeseries(filters, groupBy));
  const prepared = useMemo(() => (query.data ? prepareTimeseries(query.data) : null), [query.data]);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [hovered, setHovered] = useState<string | null>(null);
  const bucketLabel = prepared ? humanBucket(prepared.bucketMs) : "";

  const series: Series[] = (prepared?.series ?? []).map((entry, index) => ({ dataKey: entry.dataKey, name: entry.name, color: seriesColor(index) }));
  const visible = series.filter((entry) => !hidden.has(entry.name));
  const focused = hovered && !hidden.has(hovered) ? hovered : visible.length === 1 ? (visible[0]?.name ?? null) : null;
  const toggle = (name: string) =>
    setHidden((current) => {
      const next = new Set(current);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });

  return (
    <Panel
      title="Average logprob over time"
      subtitle={`Mean of responses' avgLogprob per ${bucketLabel || "bucket"}; band = p10–p90 of the focused series; dot size = responses in the bucket. Empty buckets are gaps.`}
      testId="panel-timeseries"
      state={query}
      actions={
        <div className="flex rounded-md border border-slate-300 text-xs" role="group" aria-label="Group by">
          {GROUPINGS.map((option) => (
            <button
              key={option}
              type="button"
              onClick={() => {
                setGroupBy(option);
                setHidden(new Set());
              }}
              aria-pressed={groupBy === option}
              className={`px-2 py-1 focus-visible:outline-2 focus-visible:outline-indigo-600 ${groupBy === option ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
            >
              by {option}
            </button>
          ))}
        </div>
      }
    >
      {prepared && prepared.series.length === 0 ? (
        <p className="py-16 text-center text-sm text-slate-600">No responses in this range.</p>
      ) : prepared ? (
        <div>
          <div className="h-72" onMouseLeave={() => setHovered(null)}>
            <ResponsiveContainer width="100%" height="100%">
              <ComposedChart data={prepared.rows} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
                <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => formatBucketTime(t, prepared.bucketMs)} tick={{ fontSize: 11, fill: "#475569" }} minTickGap={40} />
                <YAxis tick={{ fontSize: 11, fill: "#475569" }} width={48} domain={prepared.yDomain} ticks={prepared.yTicks} tickFormatter={(v: number) => formatSigned(v, 1)} />
                <Tooltip
                  content={(props) => <CompactTooltip active={props.active} payload={props.payload} label={props.label} series={visible} />}
                  cursor={{ stroke: "#94a3b8", strokeDasharray: "3 3" }}
                  wrapperStyle={{ pointerEvents: "none", zIndex: 10 }}
                  allowEscapeViewBox={{ x: false, y: true }}
                  position={{ y: 0 }}
                />
                {series.map(({ dataKey, name, color }) =>
                  focused === name ? (
                    <Area key={`${dataKey}-band`} dataKey={bandKey(dataKey)} name={`${name} p10–p90`} stroke="none" fill={color} fillOpacity={0.15} connectNulls={false} isAnimationActive={false} legendType="none" />
                  ) : null,
                )}
                {series.map(({ dataKey, name, color }) => (
                  <Line
                    key={dataKey}
                    dataKey={dataKey}
                    name={name}
                    hide={hidden.has(name)}
                    stroke={color}
                    strokeOpacity={focused && focused !== name ? 0.3 : 1}
                    strokeWidth={focused === name ? 2.5 : 2}
                    dot={(props: { cx?: number; cy?: number; payload?: TimeseriesRow; index?: number }) => <CountDot key={`${dataKey}-${props.index}`} {...props} dataKey={dataKey} color={color} />}
                    activeDot={{ r: 4 }}
                    connectNulls={false}
                    isAnimationActive={false}
                  />
                ))}
              </ComposedChart>
            </ResponsiveContainer>
          </div>
          <ul className="mt-2 flex flex-wrap gap-1.5 text-xs" aria-label="Series (click to hide or show)" data-testid="timeseries-legend">
            {series.map(({ name, color }) => {
              const shown = !hidden.has(name);
              return (
                <li key={name}>
                  <button
                    type="button"
                    aria-pressed={shown}
                    data-testid="legend-entry"
                    onClick={() => toggle(name)}
                    onMouseEnter={() => setHovered(name)}
                    onMouseLeave={() => setHovered(null)}
                    onFocus={() => setHovered(name)}
                    onBlur={() => setHovered(null)}
                    className={`flex items-center gap-1.5 rounded border px-2 py-0.5 focus-visible:outline-2 focus-visible:outline-indigo-600 ${shown ? "border-slate-300 text-slate-800" : "border-dashed border-slate-300 text-slate-600 line-through"}`}
                  >
                    <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-full" style={{ background: shown ? color : "transparent", border: `2px solid ${color}` }} />
                    {name}
                  </button>
                </li>
              );
            })}
          </ul>
          {query.data && query.data.omittedSeries > 0 ? (
            <p className="mt-1 text-xs text-slate-600">{query.data.omittedSeries} smaller series not shown.</p>
          ) : null}
          {query.data?.approximate ? (
            <p className="mt-1 text-xs text-slate-600" data-testid="band-approximate">
              p10–p90 band read from the hourly rollup&apos;s 0.02-nat bins: within 0.02 nats (a range over LOUPE_STATS_EXACT_MAX responses).
            </p>
          ) : null}
        </div>
      ) : null}
    </Panel>
  );
}

/** A dot sized by the bucket's response count: a lone response is small and hollow, a busy bucket solid. */
function CountDot({ cx, cy, payload, dataKey, color }: { cx?: number; cy?: number; payload?: TimeseriesRow; dataKey: string; color: string }) {
  const count = Number(payload?.[countKey(dataKey)] ?? 0);
  if (cx === undefined || cy === undefined || !count || payload?.[dataKey] === null) return <g />;
  const r = Math.min(4.5, 1.5 + Math.log2(count) * 0.6);
  return <circle cx={cx} cy={cy} r={r} fill={count === 1 ? "#fff" : color} stroke={color} strokeWidth={1.25} />;
}

/** Time, then one short line per shown series: mean and the bucket's response count. */
function CompactTooltip({ active, payload, label, series }: Pick<TooltipContentProps<ValueType, NameType>, "active" | "payload" | "label"> & { series: Series[] }) {
  if (!active || !payload?.length) return null;
  const row = payload[0]?.payload as TimeseriesRow | undefined;
  if (!row) return null;
  const lines = series.filter((entry) => typeof row[entry.dataKey] === "number");
  if (lines.length === 0) return null;
  return (
    <div className="rounded border border-slate-200 bg-white/95 px-2 py-1 text-[11px] leading-tight shadow-sm" data-testid="timeseries-tooltip">
      <div className="text-slate-600">{new Date(Number(label)).toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" })}</div>
      {lines.map((entry) => (
        <div key={entry.dataKey} className="flex items-center gap-1.5 tabular-nums">
          <span aria-hidden className="inline-block h-2 w-2 rounded-full" style={{ background: entry.color }} />
          <span className="max-w-36 truncate text-slate-800">{entry.name}</span>
          <span className="ml-auto pl-2 font-medium">{formatSigned(Number(row[entry.dataKey]), 3)}</span>
          <span className="text-slate-600">n={Number(row[countKey(entry.dataKey)] ?? 0)}</span>
        </div>
      ))}
    </div>
  );
}

function humanBucket(ms: number): string {
  if (ms % 86_400_000 === 0) return ms === 86_400_000 ? "day" : `${ms / 86_400_000} days`;
  if (ms % 3_600_000 === 0) return ms === 3_600_000 ? "hour" : `${ms / 3_600_000} hours`;
  return ms === 60_000 ? "minute" : `${ms / 60_000} minutes`;
}
