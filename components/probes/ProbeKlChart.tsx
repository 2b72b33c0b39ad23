"use client";

import { useMemo } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { seriesColor } from "@/components/charts/palette";
import { prepareProbeKl } from "@/components/charts/prepare/probeKl";
import type { ProbeRunDto } from "@/lib/probes/probeRuns";

const timeFormat = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

/** Per-prompt mean KL against the baseline, one point per completed run, with the alert threshold. */
export function ProbeKlChart({ runs, prompts, threshold }: { runs: readonly ProbeRunDto[]; prompts: readonly string[]; threshold: number }) {
  const prepared = useMemo(() => prepareProbeKl(runs, prompts, threshold), [runs, prompts, threshold]);
  if (prepared.rows.length === 0) return <p className="py-10 text-center text-sm text-slate-600">No completed run yet: run the set to take its baseline.</p>;
  return (
    <figure className="h-72" data-testid="probe-kl-chart" aria-label={`Mean KL per prompt over ${prepared.rows.length} runs; threshold ${threshold} nats`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={prepared.rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
          <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => timeFormat.format(t)} tick={{ fontSize: 11, fill: "#475569" }} minTickGap={40} />
          <YAxis domain={prepared.yDomain} tick={{ fontSize: 11, fill: "#475569" }} width={48} tickFormatter={(v: number) => v.toFixed(2)} />
          <Tooltip labelFormatter={(t) => timeFormat.format(Number(t))} formatter={(value) => (typeof value === "number" ? `${value.toFixed(4)} nats` : "—")} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <ReferenceLine y={threshold} stroke="#b91c1c" strokeDasharray="6 3" label={{ value: `threshold ${threshold}`, fontSize: 11, fill: "#b91c1c", position: "insideTopRight" }} />
          {prepared.series.map((entry, index) => (
            <Line key={entry.dataKey} dataKey={entry.dataKey} name={entry.name} stroke={seriesColor(index)} strokeWidth={2} dot={{ r: 3 }} connectNulls={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
