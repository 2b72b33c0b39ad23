import type { ClassificationTask } from "@/lib/classification/tasks";

/** The background scoring's progress bar (a native progressbar role with its numbers). */
export function ScoringProgress({ scoring }: { scoring: ClassificationTask["scoring"] }) {
  const percent = Math.round(scoring.progress * 100);
  return (
    <div className="flex min-w-0 items-center gap-2 text-xs text-slate-700" data-testid="scoring-progress" data-status={scoring.status}>
      <div
        role="progressbar"
        aria-label="Scoring progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-2 w-32 shrink-0 overflow-hidden rounded bg-slate-200"
      >
        <div className={`h-full ${scoring.status === "ready" ? "bg-emerald-600" : "bg-indigo-600"}`} style={{ width: `${percent}%` }} />
      </div>
      <span>
        {scoring.status === "ready" ? "scored" : "scoring"} {scoring.scored.toLocaleString("en-US")} of {scoring.total.toLocaleString("en-US")}
      </span>
    </div>
  );
}
