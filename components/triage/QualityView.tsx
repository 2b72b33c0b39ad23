"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { errorMessage } from "@/components/data/apiClient";
import { formatPrecision } from "./qualityFormat";
import { useDetectorQuality } from "./triageQueries";

const TARGETS = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95];

/** /alerts/quality: per-detector precision from the verdicts and the hallucination score's precision–recall curve. */
export function QualityView() {
  const project = useSearchParams().get("project") ?? undefined;
  const [target, setTarget] = useState(0.8);
  const quality = useDetectorQuality(project, target);
  const suffix = project ? `?project=${encodeURIComponent(project)}` : "";
  const report = quality.data;
  return (
    <div className="max-w-5xl space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-lg font-semibold">Rule quality</h1>
        <nav className="flex gap-3 text-sm" aria-label="Detection">
          <Link className="text-indigo-700 underline" href={`/triage${suffix}`}>Triage</Link>
          <Link className="text-indigo-700 underline" href={`/alerts/thresholds${suffix}`}>Thresholds</Link>
        </nav>
      </div>
      <p className="text-sm text-slate-600">
        From the verdicts given in triage: <strong className="font-medium">fired</strong> alerts, how many of them are on a <strong className="font-medium">judged</strong> response, and{" "}
        <strong className="font-medium">precision</strong> = confirmed ÷ (confirmed + false positive). Unsure verdicts count as judged, not in precision.
      </p>
      {quality.isError ? <p role="alert" className="text-sm text-red-700">{errorMessage(quality.error)}</p> : null}
      {report ? (
        <>
          <section className="card overflow-x-auto" aria-labelledby="per-detector-heading" tabIndex={0}>
            <h2 id="per-detector-heading" className="px-4 pt-3 text-sm font-semibold text-slate-800">Per detector</h2>
            <table className="mt-2 w-full min-w-[560px] text-sm" data-testid="quality-table">
              <thead className="text-left text-xs text-slate-600">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">Detector</th>
                  <th scope="col" className="px-2 py-2 text-right font-medium">Fired</th>
                  <th scope="col" className="px-2 py-2 text-right font-medium">Judged</th>
                  <th scope="col" className="px-2 py-2 text-right font-medium">Confirmed</th>
                  <th scope="col" className="px-2 py-2 text-right font-medium">False positive</th>
                  <th scope="col" className="px-2 py-2 text-right font-medium">Unsure</th>
                  <th scope="col" className="px-4 py-2 text-right font-medium">Precision</th>
                </tr>
              </thead>
              <tbody>
                {report.detectors.map((d) => (
                  <tr key={d.detector} data-detector={d.detector} className="border-t border-slate-100">
                    <th scope="row" className="px-4 py-1.5 text-left font-normal text-slate-800">{d.name}</th>
                    <td className="px-2 py-1.5 text-right tabular-nums">{d.fired}</td>
                    <td className="px-2 py-1.5 text-right tabular-nums">{d.judged}</td>
                    <td className="px-2 py-1.5 text-right tabular-nums">{d.confirmed}</td>
                    <td className="px-2 py-1.5 text-right tabular-nums">{d.falsePositive}</td>
                    <td className="px-2 py-1.5 text-right tabular-nums">{d.unsure}</td>
                    <td className="px-4 py-1.5 text-right font-mono tabular-nums" data-testid={`quality-precision-${d.detector}`}>{formatPrecision(d.precision)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card overflow-x-auto p-4" aria-labelledby="curve-heading" tabIndex={0}>
            <h2 id="curve-heading" className="text-sm font-semibold text-slate-800">Hallucination score: precision and recall by threshold</h2>
            <p className="mt-1 text-xs text-slate-600">
              A response counts as flagged at score ≥ threshold; confirmed verdicts are the positives ({report.hallucinationScore.judged} judged responses with a score).
            </p>
            <label className="mt-3 flex flex-wrap items-center gap-2 text-sm text-slate-700">
              Wanted precision
              <select className="h-8 rounded-md border border-slate-300 px-2" value={target} onChange={(event) => setTarget(Number(event.target.value))} data-testid="target-precision">
                {TARGETS.map((t) => (
                  <option key={t} value={t}>{Math.round(t * 100)}%</option>
                ))}
              </select>
            </label>
            <p className="mt-2 text-sm" data-testid="suggested-score-threshold" aria-live="polite">
              {report.hallucinationScore.suggestedThreshold === null
                ? `No threshold reaches ${Math.round(target * 100)}% precision yet.`
                : `Lowest threshold reaching ${Math.round(target * 100)}% precision: score ≥ ${report.hallucinationScore.suggestedThreshold}.`}
            </p>
            <table className="mt-3 w-full min-w-[420px] text-sm" data-testid="pr-curve">
              <thead className="text-left text-xs text-slate-600">
                <tr>
                  <th scope="col" className="py-1 pr-2 font-medium">Score ≥</th>
                  <th scope="col" className="px-2 py-1 text-right font-medium">Flagged</th>
                  <th scope="col" className="px-2 py-1 text-right font-medium">Precision</th>
                  <th scope="col" className="px-2 py-1 text-right font-medium">Recall</th>
                  <th scope="col" className="py-1 pl-2 font-medium">Recall bar</th>
                </tr>
              </thead>
              <tbody>
                {report.hallucinationScore.curve.map((point) => (
                  <tr key={point.threshold} className="border-t border-slate-100">
                    <th scope="row" className="py-1 pr-2 text-left font-mono font-normal">{point.threshold}</th>
                    <td className="px-2 py-1 text-right tabular-nums">{point.flagged}</td>
                    <td className="px-2 py-1 text-right font-mono tabular-nums">{formatPrecision(point.precision)}</td>
                    <td className="px-2 py-1 text-right font-mono tabular-nums">{formatPrecision(point.recall)}</td>
                    <td className="py-1 pl-2">
                      <div className="h-2 w-32 rounded bg-slate-100" aria-hidden>
                        <div className="h-2 rounded bg-indigo-500" style={{ width: `${Math.round((point.recall ?? 0) * 100)}%` }} />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : quality.isPending ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : null}
    </div>
  );
}
