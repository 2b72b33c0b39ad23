"use client";

import { useRangeHint } from "@/components/data/queries";
import type { DashboardFilters } from "./dashboardFilters";
import { rangeCovering } from "./rangeHint";

/**
 * "9 responses outside this range (latest 2024-12-09) — show them": responses recorded with
 * provider timestamps from another year fall outside every preset; say so instead of "no data".
 */
export function RangeHint({ filters, onShow, className = "" }: { filters: DashboardFilters; onShow: (range: { from: number; to: number }) => void; className?: string }) {
  const hint = useRangeHint(filters).data;
  if (!hint || hint.outside === 0 || hint.latest === null || hint.earliest === null) return null;
  const { whole, ...range } = rangeCovering(hint.earliest, hint.latest);
  const latest = new Date(hint.latest).toISOString().slice(0, 10);
  const earliest = new Date(hint.earliest).toISOString().slice(0, 10);
  return (
    <p data-testid="range-hint" className={`text-sm text-slate-700 ${className}`}>
      {hint.outside.toLocaleString("en-US")} {hint.outside === 1 ? "response" : "responses"} outside this range ({whole ? `latest ${latest}` : `${earliest} to ${latest}`}) —{" "}
      <button type="button" data-testid="range-hint-show" onClick={() => onShow(range)} className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900">
        {whole ? `show ${hint.outside === 1 ? "it" : "them"}` : "show the newest year of them"}
      </button>
      {whole ? null : <span className="text-slate-600"> (a range spans at most a year)</span>}
    </p>
  );
}
