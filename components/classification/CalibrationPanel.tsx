"use client";

import { useMemo } from "react";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { calibrationRows, formatFigure, prepareReliability } from "@/components/charts/prepare/classification";
import { useCalibration } from "@/components/data/classificationQueries";
import { Panel } from "@/components/overview/Panel";

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** Reliability diagram (accuracy per confidence bin against the diagonal) and the figures before/after temperature scaling. */
export function CalibrationPanel({ taskId, project, version }: { taskId: string; project: string | undefined; version: number }) {
  const query = useCalibration(project, taskId, version);
  const bars = useMemo(() => (query.data ? prepareReliability(query.data.bins) : []), [query.data]);
  const report = query.data;
  return (
    <Panel
      title="Calibration"
      subtitle="Share correct per confidence bin (15 equal bins); the dashed line is perfect calibration. Temperature fitted on a holdout half, scored on the other half."
      testId="panel-calibration"
      state={query}
    >
      {report && report.n === 0 ? (
        <p className="py-8 text-center text-sm text-slate-600" data-testid="calibration-empty">No scored response has ground truth yet: upload labels below.</p>
      ) : report ? (
        <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
          <div className="h-64 min-w-0" data-testid="reliability-diagram" role="img" aria-label={`Reliability diagram over ${report.n} labelled responses`}>
            <ResponsiveContainer width="100%" height="100%">
              <ComposedChart data={bars} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" tick={{ fontSize: 10, fill: "#475569" }} interval="preserveStartEnd" minTickGap={12} />
                <YAxis domain={[0, 1]} tick={{ fontSize: 11, fill: "#475569" }} width={40} tickFormatter={percent} />
                <Tooltip
                  formatter={(value, name, item) => {
                    const bar = item.payload as (typeof bars)[number];
                    return name === "Accuracy" ? [`${percent(Number(value))} of ${bar.count} (mean confidence ${bar.confidence === null ? "–" : percent(bar.confidence)})`, name] : [percent(Number(value)), String(name)];
                  }}
                />
                <Legend wrapperStyle={{ fontSize: 12 }} formatter={(value: string) => <span className="text-slate-700">{value}</span>} />
                <Bar dataKey="accuracy" name="Accuracy" fill="#0072B2" isAnimationActive={false} />
                <Line dataKey="mid" name="Perfect calibration" stroke="#475569" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
              </ComposedChart>
            </ResponsiveContainer>
          </div>
          <div className="min-w-0 text-sm">
            <p className="mb-2 text-slate-700" data-testid="calibration-summary">
              n = {report.n} · accuracy {formatFigure(report.accuracy)} · ECE {formatFigure(report.ece)} · T = {formatFigure(report.temperature, 2)}
            </p>
            <p className="mb-1 text-xs text-slate-600">Before and after temperature scaling on the same {report.evaluated.n} responses: the half T was not fitted on.</p>
            <table className="w-full text-left text-sm" data-testid="calibration-table">
              <caption className="sr-only">Calibration before and after temperature scaling, on the evaluation half</caption>
              <thead>
                <tr className="border-b border-slate-200 text-xs text-slate-600">
                  <th scope="col" className="py-1">Figure</th>
                  <th scope="col" className="py-1 text-right">As scored</th>
                  <th scope="col" className="py-1 text-right">Temperature-scaled</th>
                </tr>
              </thead>
              <tbody>
                {calibrationRows(report).map((row) => (
                  <tr key={row.metric} className="border-b border-slate-100">
                    <th scope="row" className="py-1 font-medium">{row.metric}</th>
                    <td className="py-1 text-right tabular-nums">{formatFigure(row.before)}</td>
                    <td className="py-1 text-right tabular-nums">{formatFigure(row.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </Panel>
  );
}
