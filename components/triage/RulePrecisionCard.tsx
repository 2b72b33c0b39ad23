"use client";

import Link from "next/link";
import { formatPrecision } from "./qualityFormat";
import { useDetectorQuality } from "./triageQueries";

/** The rules' precision beside the triage queue, refreshed after every verdict. */
export function RulePrecisionCard({ project }: { project: string | undefined }) {
  const quality = useDetectorQuality(project, 0.8);
  const fired = (quality.data?.detectors ?? []).filter((d) => d.fired > 0);
  const href = `/alerts/quality${project ? `?project=${encodeURIComponent(project)}` : ""}`;
  return (
    <section className="card p-4" aria-labelledby="rule-precision-heading" data-testid="rule-precision">
      <h2 id="rule-precision-heading" className="text-sm font-semibold text-slate-800">
        Rule precision
      </h2>
      <p className="mt-1 text-xs text-slate-600">confirmed ÷ (confirmed + false positive)</p>
      <ul className="mt-2 space-y-1 text-sm">
        {fired.map((d) => (
          <li key={d.detector} data-detector={d.detector} className="flex justify-between gap-2">
            <span className="text-slate-700">{d.name}</span>
            <span className="font-mono tabular-nums text-slate-900" data-testid={`precision-${d.detector}`}>
              {formatPrecision(d.precision)} <span className="text-xs text-slate-500">({d.judged}/{d.fired})</span>
            </span>
          </li>
        ))}
      </ul>
      <Link href={href} className="mt-3 inline-block text-sm text-indigo-700 underline">Rule quality</Link>
    </section>
  );
}
