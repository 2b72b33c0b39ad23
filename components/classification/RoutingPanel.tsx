"use client";

import { useMemo, useState } from "react";
import { CartesianGrid, Line, LineChart, ReferenceDot, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatFigure, pointAtThreshold, preparePrCurve, prepareRocCurve } from "@/components/charts/prepare/classification";
import { useThresholds } from "@/components/data/classificationQueries";
import { Panel } from "@/components/overview/Panel";

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** The precision–recall curve of "accept when confidence ≥ t", a chosen threshold's marker and what it routes. */
export function RoutingPanel({ taskId, project, version }: { taskId: string; project: string | undefined; version: number }) {
  const [targetPrecision, setTargetPrecision] = useState(0.9);
  const [threshold, setThreshold] = useState(0.8);
  const [view, setView] = useState<"pr" | "roc">("pr");
  const query = useThresholds(project, taskId, targetPrecision, version);
  const curve = useMemo(() => (query.data ? preparePrCurve(query.data.points) : []), [query.data]);
  const roc = useMemo(() => (query.data ? prepareRocCurve(query.data.points) : []), [query.data]);
  const chosen = pointAtThreshold(curve, threshold);
  const report = query.data;
  return (
    <Panel
      title="Routing threshold"
      subtitle="Accept the prediction when confidence ≥ t, route the rest (e.g. to a bigger model). Precision and recall of the accepted predictions."
      testId="panel-routing"
      state={query}
      actions={
        <select aria-label="Curve" value={view} onChange={(e) => setView(e.target.value as "pr" | "roc")} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs" data-testid="curve-view">
          <option value="pr">Precision–recall</option>
          <option value="roc">ROC</option>
        </select>
      }
    >
      {report && report.n === 0 ? (
        <p className="py-8 text-center text-sm text-slate-600">No labelled responses yet.</p>
      ) : report ? (
        <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
          <div className="min-w-0">
            {view === "roc" ? (
              <div className="h-64" data-testid="roc-curve" role="img" aria-label="ROC curve">
                <ResponsiveContainer width="100%" height="100%">
                  <LineChart data={roc} margin={{ top: 8, right: 12, bottom: 12, left: 0 }}>
                    <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
                    <XAxis type="number" dataKey="fpr" domain={[0, 1]} tickFormatter={percent} tick={{ fontSize: 11, fill: "#475569" }} label={{ value: "false positive rate", position: "insideBottom", offset: -6, fontSize: 11, fill: "#475569" }} />
                    <YAxis type="number" dataKey="tpr" domain={[0, 1]} tickFormatter={percent} tick={{ fontSize: 11, fill: "#475569" }} width={40} />
                    <Tooltip formatter={(value) => percent(Number(value))} labelFormatter={(value) => `false positive rate ${percent(Number(value))}`} />
                    <Line dataKey="tpr" name="True positive rate" stroke="#0072B2" dot={false} isAnimationActive={false} />
                    {chosen ? <ReferenceDot x={chosen.fpr} y={chosen.recall} r={6} fill="#D55E00" stroke="#fff" className="threshold-marker" /> : null}
                  </LineChart>
                </ResponsiveContainer>
              </div>
            ) : (
              <div className="h-64" data-testid="pr-curve" role="img" aria-label="Precision–recall curve">
                <ResponsiveContainer width="100%" height="100%">
                  <LineChart data={curve} margin={{ top: 8, right: 12, bottom: 12, left: 0 }}>
                    <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
                    <XAxis type="number" dataKey="recall" domain={[0, 1]} tickFormatter={percent} tick={{ fontSize: 11, fill: "#475569" }} label={{ value: "recall", position: "insideBottom", offset: -6, fontSize: 11, fill: "#475569" }} />
                    <YAxis type="number" dataKey="precision" domain={[0, 1]} tickFormatter={percent} tick={{ fontSize: 11, fill: "#475569" }} width={40} />
                    <Tooltip formatter={(value) => percent(Number(value))} labelFormatter={(value) => `recall ${percent(Number(value))}`} />
                    <Line dataKey="precision" name="Precision" stroke="#0072B2" dot={false} isAnimationActive={false} type="stepAfter" />
                    {chosen ? <ReferenceDot x={chosen.recall} y={chosen.precision} r={6} fill="#D55E00" stroke="#fff" className="threshold-marker" /> : null}
                  </LineChart>
                </ResponsiveContainer>
              </div>
            )}
            <label className="mt-2 grid gap-1 text-xs font-medium text-slate-700">
              Accept when confidence ≥ {threshold.toFixed(2)}
              <input type="range" min={0} max={1} step={0.01} value={threshold} onChange={(e) => setThreshold(Number(e.target.value))} data-testid="threshold-slider" />
            </label>
            <p className="mt-1 text-sm text-slate-800" data-testid="threshold-readout">
              {chosen
                ? `t = ${threshold.toFixed(2)}: routed ${percent(chosen.routedShare)} · precision kept ${percent(chosen.precision)} · recall ${percent(chosen.recall)}`
                : `t = ${threshold.toFixed(2)}: every response routed`}
            </p>
          </div>
          <div className="min-w-0 text-sm">
            <label className="grid gap-1 text-xs font-medium text-slate-700">
              Target precision
              <input type="number" min={0} max={1} step={0.01} value={targetPrecision} onChange={(e) => setTargetPrecision(Math.min(1, Math.max(0, Number(e.target.value) || 0)))} className="w-24 rounded-md border border-slate-300 px-2 py-1" data-testid="target-precision" />
            </label>
            <p className="mt-2 text-slate-800" data-testid="operating-point">
              {report.operatingPoint
                ? `Operating point t = ${formatFigure(report.operatingPoint.threshold)}: ${percent(report.operatingPoint.routedShare)} routed, precision kept ${percent(report.operatingPoint.precision)}.`
                : "No threshold reaches this precision."}
            </p>
            <p className="text-xs text-slate-600">ROC AUC {formatFigure(report.rocAuc)}</p>
            <table className="mt-3 w-full text-left text-xs">
              <caption className="sr-only">Operating point per predicted label</caption>
              <thead>
                <tr className="border-b border-slate-200 text-slate-600">
                  <th scope="col">Label</th>
                  <th scope="col" className="text-right">n</th>
                  <th scope="col" className="text-right">t</th>
                  <th scope="col" className="text-right">Routed</th>
                </tr>
              </thead>
              <tbody>
                {report.perLabel.map((label) => (
                  <tr key={label.label} className="border-b border-slate-100">
                    <th scope="row" className="break-all font-medium">{label.label}</th>
                    <td className="text-right tabular-nums">{label.n}</td>
                    <td className="text-right tabular-nums">{formatFigure(label.operatingPoint?.threshold ?? null, 2)}</td>
                    <td className="text-right tabular-nums">{label.operatingPoint ? percent(label.operatingPoint.routedShare) : "–"}</td>
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
