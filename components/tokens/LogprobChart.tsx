"use client";

import { memo, useMemo } from "react";
import { ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { LOW_CONFIDENCE_LOGPROB } from "@/lib/metrics/responseMetrics";
import type { HotspotDto } from "@/lib/queries/responseDto";
import { formatBits, formatLogprob } from "./formatSignal";
import { formatSigned } from "@/components/format/number";
import { hotspotMarks, logprobAxis, logprobByPosition, pinZeroProbability, withHotspotMarks, type LogprobChartPoint } from "./logprobChartData";

interface LogprobChartProps {
  /** Every position's logprob (the detail's `logprobs`), not only the loaded tokens. */
  tokens: ReadonlyArray<{ logprob: number | null }>;
  hotspots: readonly HotspotDto[];
  onSelect: (position: number) => void;
}

/** Logprob by position with the highest-entropy hotspots marked; a click jumps to that token. */
export const LogprobChart = memo(function LogprobChart({ tokens, hotspots, onSelect }: LogprobChartProps) {
  const { points, bucketSize, marks, axis } = useMemo(() => {
    const series = logprobByPosition(tokens);
    const marks = hotspotMarks(tokens, hotspots);
    const axis = logprobAxis(series.points, LOW_CONFIDENCE_LOGPROB - 1);
    const drawn = pinZeroProbability(series.points, axis.domain[0]);
    return { points: withHotspotMarks(drawn, series.bucketSize, marks), bucketSize: series.bucketSize, marks, axis };
  }, [tokens, hotspots]);
  if (points.length === 0) return null;
  const last = Math.max(1, tokens.length - 1);
  return (
    <div>
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold text-slate-800">Logprob by position</h2>
        <p className="flex items-center gap-3 text-[11px] text-slate-500">
          <Key className="bg-indigo-600" label={bucketSize > 1 ? `mean per ${bucketSize} tokens` : "logprob"} />
          {bucketSize > 1 ? <Key className="bg-rose-400" label="minimum" /> : null}
          {marks.length > 0 ? <Key className="rotate-45 bg-amber-500" label={`top ${marks.length} hotspots`} /> : null}
          <span>click to jump</span>
        </p>
      </div>
      <div className="h-[200px]">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart
            data={points}
            margin={{ top: 8, right: 12, bottom: 0, left: -12 }}
            cursor="pointer"
            onClick={(state) => {
              const point = points[Number(state.activeIndex)];
              if (point) onSelect(point.minPosition);
            }}
          >
            <XAxis dataKey="position" type="number" domain={[0, last]} allowDecimals={false} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={{ stroke: "#e2e8f0" }} />
            <YAxis
              domain={axis.domain}
              ticks={axis.ticks}
              tickFormatter={(value: number) => formatSigned(value, 0)}
              tick={{ fontSize: 11, fill: "#64748b" }}
              tickLine={false}
              axisLine={false}
              width={44}
            />
            <ReferenceLine y={LOW_CONFIDENCE_LOGPROB} stroke="#94a3b8" strokeDasharray="4 4" />
            <Tooltip content={<ChartTooltip bucketSize={bucketSize} />} isAnimationActive={false} />
            {bucketSize > 1 ? (
              <Line dataKey="minLogprob" stroke="#fb7185" strokeWidth={1} dot={false} isAnimationActive={false} connectNulls={false} />
            ) : null}
            <Line dataKey="logprob" stroke="#4f46e5" strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls={false} />
            {/* Hotspots are dots of the same data, drawn through: they never take the pointer from the chart. */}
            {marks.length > 0 ? (
              <Line dataKey="hotspotLogprob" stroke="none" dot={HotspotDiamond} activeDot={false} legendType="none" isAnimationActive={false} connectNulls={false} />
            ) : null}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
});

function Key({ className, label }: { className: string; label: string }) {
  return (
    <span className="flex items-center gap-1">
      <span className={`inline-block h-2 w-2 ${className}`} />
      {label}
    </span>
  );
}

const DIAMOND_PX = 5;

function HotspotDiamond({ cx, cy, payload }: { cx?: number | null; cy?: number | null; payload?: LogprobChartPoint }) {
  if (typeof cx !== "number" || typeof cy !== "number" || !Number.isFinite(cy) || payload?.hotspotLogprob == null) return <g />;
  const r = DIAMOND_PX;
  return <path d={`M${cx},${cy - r}L${cx + r},${cy}L${cx},${cy + r}L${cx - r},${cy}Z`} fill="#f59e0b" pointerEvents="none" />;
}

interface TooltipPayloadEntry {
  payload?: Partial<LogprobChartPoint>;
}

function ChartTooltip({ active, payload, bucketSize }: { active?: boolean; payload?: readonly TooltipPayloadEntry[]; bucketSize: number }) {
  const point = payload?.[0]?.payload;
  if (!active || !point || point.position === undefined) return null;
  return (
    <div className="card px-2.5 py-1.5 text-xs tabular-nums">
      <p className="font-medium text-slate-800">
        {bucketSize > 1 ? `tokens ${point.position}–${point.position + bucketSize - 1}` : `token #${point.position}`}
      </p>
      {point.zeroProbability && bucketSize === 1 ? (
        <p className="text-slate-600">probability 0 (logprob −∞)</p>
      ) : point.logprob !== undefined ? (
        <p className="text-slate-600">logprob {formatLogprob(point.logprob)}{bucketSize > 1 ? (point.zeroProbability ? " (mean of the others)" : " (mean)") : ""}</p>
      ) : null}
      {bucketSize > 1 && point.minLogprob !== undefined ? (
        <p className="text-slate-600">min {point.zeroProbability ? "probability 0 (logprob −∞)" : formatLogprob(point.minLogprob)} at #{point.minPosition}</p>
      ) : null}
      {point.hotspotEntropyBits != null ? (
        <p className="text-amber-800">
          hotspot{bucketSize > 1 ? ` #${point.hotspotPosition}` : ""}: entropy {formatBits(point.hotspotEntropyBits)}
        </p>
      ) : null}
    </div>
  );
}
