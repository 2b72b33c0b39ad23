"use client";

import { useMemo, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { seriesColor } from "@/components/charts/palette";
import { formatFigure, prepareShiftOverTime } from "@/components/charts/prepare/classification";
import { useShift } from "@/components/data/classificationQueries";
import { Panel } from "@/components/overview/Panel";
import type { SignalShifts } from "@/lib/classification/shiftReport";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Window presets: the current window and the reference window right before it. */
export const SHIFT_PRESETS = [
  { value: "24h", label: "Last 24 h vs the 7 days before", current: DAY, reference: 7 * DAY },
  { value: "7d", label: "Last 7 days vs the 7 days before", current: 7 * DAY, reference: 7 * DAY },
  { value: "30d", label: "Last 30 days vs the 30 days before", current: 30 * DAY, reference: 30 * DAY },
] as const;

/** `from,to` parameters of a preset, ending at the next whole minute after `now`. */
export function shiftWindows(preset: (typeof SHIFT_PRESETS)[number], now: number): { reference: string; current: string } {
  const end = Math.ceil(now / 60_000) * 60_000 + 60_000;
  const start = end - preset.current;
  return { reference: `${start - preset.reference},${start}`, current: `${start},${end}` };
}

/** The windows slide with time: recomputed on every render, stable within the minute (the query key). */
const windowsNow = (preset: (typeof SHIFT_PRESETS)[number]) => shiftWindows(preset, Date.now());

const SIGNALS: Array<{ key: keyof SignalShifts; label: string }> = [
  { key: "confidence", label: "Confidence" },
  { key: "logMargin", label: "Log margin" },
  { key: "labelEntropy", label: "Label entropy" },
];

function ShiftTable({ signals, caption }: { signals: SignalShifts; caption: string }) {
  return (
    <table className="w-full text-left text-xs">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="border-b border-slate-200 text-slate-600">
          <th scope="col">Signal</th>
          <th scope="col" className="text-right">PSI</th>
          <th scope="col" className="text-right">KS D</th>
          <th scope="col" className="text-right">p-value</th>
        </tr>
      </thead>
      <tbody>
        {SIGNALS.map(({ key, label }) => (
          <tr key={key} className="border-b border-slate-100" data-alert={signals[key].alert ? "true" : undefined}>
            <th scope="row" className="font-medium">{label}</th>
            <td className={`text-right tabular-nums ${signals[key].alert ? "font-semibold text-red-800" : ""}`}>
              {formatFigure(signals[key].psi)}
              {signals[key].alert ? " (shift)" : ""}
            </td>
            <td className="text-right tabular-nums">{formatFigure(signals[key].ks)}</td>
            <td className="text-right tabular-nums">{formatFigure(signals[key].pValue)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** PSI and KS of the current window against the reference: overall, per source tag, and PSI over time. */
export function ShiftPanel({ taskId, project, version }: { taskId: string; project: string | undefined; version: number }) {
  const [presetValue, setPresetValue] = useState<(typeof SHIFT_PRESETS)[number]["value"]>("24h");
  const preset = SHIFT_PRESETS.find((p) => p.value === presetValue) ?? SHIFT_PRESETS[0];
  const windows = windowsNow(preset);
  const query = useShift(project, taskId, windows, version);
  const points = useMemo(() => (query.data ? prepareShiftOverTime(query.data) : []), [query.data]);
  const report = query.data;
  return (
    <Panel
      title="Distribution shift"
      subtitle="PSI (10 bins at the reference's deciles) and two-sample Kolmogorov–Smirnov; PSI above 0.2 is marked as a shift."
      testId="panel-shift"
      state={query}
      actions={
        <select aria-label="Shift windows" value={presetValue} onChange={(e) => setPresetValue(e.target.value as typeof presetValue)} className="max-w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-xs" data-testid="shift-preset">
          {SHIFT_PRESETS.map((p) => (
            <option key={p.value} value={p.value}>{p.label}</option>
          ))}
        </select>
      }
    >
      {report ? (
        <div className="grid gap-4 lg:grid-cols-2">
          <div className="min-w-0">
            <p className="mb-2 text-xs text-slate-600" data-testid="shift-counts">reference n = {report.reference.n} · current n = {report.current.n}</p>
            {report.reference.n === 0 || report.current.n === 0 ? (
              <p className="mb-2 text-sm text-slate-700" data-testid="shift-empty">
                {report.reference.n === 0 ? "No scored responses in the reference window" : "No scored responses in the current window"}: nothing to compare yet.
              </p>
            ) : null}
            <ShiftTable signals={report.overall} caption="Shift overall" />
            {report.byTag.length > 0 ? (
              <div className="mt-3 grid gap-3">
                {report.byTag.map((tag) => (
                  <div key={tag.tag}>
                    <h3 className="break-all text-xs font-semibold text-slate-700">tag {tag.tag} ({tag.referenceN} → {tag.currentN})</h3>
                    <ShiftTable signals={tag.signals} caption={`Shift for tag ${tag.tag}`} />
                  </div>
                ))}
              </div>
            ) : null}
          </div>
          <div className="h-56 min-w-0" role="img" aria-label="PSI over time">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
                <XAxis dataKey="t" tickFormatter={(t: number) => new Date(t).toLocaleString("en-US", { month: "short", day: "numeric", hour: "2-digit" })} tick={{ fontSize: 10, fill: "#475569" }} minTickGap={24} />
                <YAxis tick={{ fontSize: 11, fill: "#475569" }} width={40} />
                <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleString("en-US")} formatter={(v) => formatFigure(Number(v))} />
                <Legend wrapperStyle={{ fontSize: 12 }} formatter={(value: string) => <span className="text-slate-700">{value}</span>} />
                <ReferenceLine y={report.psiThreshold} stroke="#D55E00" strokeDasharray="4 3" />
                {SIGNALS.map(({ key, label }, i) => (
                  <Line key={key} dataKey={key} name={`PSI ${label.toLowerCase()}`} stroke={seriesColor(i)} dot={false} connectNulls={false} isAnimationActive={false} />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
        </div>
      ) : null}
    </Panel>
  );
}
