import { ApiError } from "@/lib/api/errors";
import type { DataLayer } from "@/lib/db/database";
import type { Selectable } from "kysely";
import type { ProbeRunsTable, ProbeSetsTable } from "@/lib/db/schema";
import { driftLabel, type DriftLabel } from "@/lib/metrics/probeDrift";
import { compareRun, type MovedPosition, type PromptDrift, type RunComparison } from "./compareRun";
import { loadRunSamples } from "./runProbeSet";

/** How far back a run looks for production trend shifts when it is the set's first (README, "Drift probes"). */
export const DATA_DRIFT_WINDOW_MS = 24 * 3_600_000;
/** Runs listed per probe set (newest kept). */
export const MAX_RUNS_LISTED = 500;

type ProbeRunRow = Selectable<ProbeRunsTable>;

export interface ProbeRunDto {
  id: number;
  model: string;
  status: string;
  error: string | null;
  isBaseline: boolean;
  /** Mean KL (nats) over the compared positions against the baseline; null for the baseline and failed runs. */
  meanKl: number | null;
  meanEntropyShift: number | null;
  argmaxChangedShare: number | null;
  alertRaised: boolean;
  alertId: number | null;
  /** Production trend shifts (trendShift alerts of the set's model) since the previous run. */
  trafficShifts: number;
  label: DriftLabel;
  /** Per prompt, against the baseline. */
  prompts: Array<Pick<PromptDrift, "promptIndex" | "meanKl" | "meanEntropyShift" | "argmaxChangedShare" | "firstDivergences">>;
  startedAt: string;
  finishedAt: string;
}

export interface ProbeRunDetailDto extends ProbeRunDto {
  baselineRunId: number | null;
  movedPositions: MovedPosition[];
  outputs: Array<{ promptIndex: number; repeatIndex: number; outputText: string }>;
}

function parseComparison(row: ProbeRunRow): RunComparison | null {
  return row.comparison ? (JSON.parse(row.comparison) as RunComparison) : null;
}

function runDto(row: ProbeRunRow, set: ProbeSetsTable, trafficShifts: number): ProbeRunDto {
  const comparison = parseComparison(row);
  const isBaseline = Boolean(row.is_baseline);
  const meanKl = isBaseline ? null : row.mean_kl;
  return {
    id: Number(row.id),
    model: row.model,
    status: row.status,
    error: row.error,
    isBaseline,
    meanKl,
    meanEntropyShift: isBaseline ? null : row.mean_entropy_shift,
    argmaxChangedShare: isBaseline ? null : row.argmax_changed_share,
    alertRaised: Boolean(row.alert_raised),
    alertId: row.alert_id === null ? null : Number(row.alert_id),
    trafficShifts,
    label: driftLabel({ status: row.status, isBaseline, meanKl }, set.kl_threshold, trafficShifts),
    prompts: isBaseline || !comparison ? [] : comparison.prompts.map(({ promptIndex, meanKl, meanEntropyShift, argmaxChangedShare, firstDivergences }) => ({ promptIndex, meanKl, meanEntropyShift, argmaxChangedShare, firstDivergences })),
    startedAt: new Date(Number(row.started_at)).toISOString(),
    finishedAt: new Date(Number(row.finished_at)).toISOString(),
  };
}

/**
 * The production trendShift alerts of the set's model in each run's window: since the previous
 * run started (the first run: the 24 hours before it), up to the run's start.
 */
async function trafficShiftsByRun(db: DataLayer, set: ProbeSetsTable, rows: readonly ProbeRunRow[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (rows.length === 0) return counts;
  const ascending = [...rows].sort((a, b) => Number(a.started_at) - Number(b.started_at) || Number(a.id) - Number(b.id));
  const first = Number(ascending[0]!.started_at) - DATA_DRIFT_WINDOW_MS;
  const last = Number(ascending.at(-1)!.started_at);
  const shifts = await db
    .selectFrom("alerts")
    .select("occurred_at")
    .where("project_id", "=", set.project_id)
    .where("detector", "=", "trendShift")
    // Only the watched model's production traffic counts: trendShift alerts name their model.
    .where("model", "=", set.model)
    .where("occurred_at", ">=", first)
    .where("occurred_at", "<=", last)
    .execute();
  const times = shifts.map((row) => Number(row.occurred_at));
  ascending.forEach((row, index) => {
    const to = Number(row.started_at);
    const from = index === 0 ? to - DATA_DRIFT_WINDOW_MS : Number(ascending[index - 1]!.started_at);
    counts.set(Number(row.id), times.filter((time) => time > from && time <= to).length);
  });
  return counts;
}

/** A probe set's runs, newest first, each labelled (baseline, model drift, data drift, stable, failed). */
export async function listProbeRuns(db: DataLayer, set: ProbeSetsTable): Promise<ProbeRunDto[]> {
  const rows = await db.selectFrom("probe_runs").selectAll().where("probe_set_id", "=", set.id).orderBy("started_at", "desc").orderBy("id", "desc").limit(MAX_RUNS_LISTED).execute();
  const shifts = await trafficShiftsByRun(db, set, rows);
  return rows.map((row) => runDto(row, set, shifts.get(Number(row.id)) ?? 0));
}

async function findRunRow(db: DataLayer, set: ProbeSetsTable, runId: number): Promise<ProbeRunRow> {
  const row = await db.selectFrom("probe_runs").selectAll().where("probe_set_id", "=", set.id).where("id", "=", runId).executeTakeFirst();
  if (!row) throw new ApiError(404, "not_found", `run ${runId} of probe set ${set.id} not found`);
  return row;
}

/**
 * A run as a caller that may change runs but not read them (an `ingest`-only key) is answered:
 * which run, its model, status and times; no KL, outputs or production alert counts.
 */
export function probeRunWritten(run: ProbeRunDto) {
  return { id: run.id, model: run.model, status: run.status, error: run.error, isBaseline: run.isBaseline, startedAt: run.startedAt, finishedAt: run.finishedAt };
}

/** One run with the positions that moved most (token windows on both sides) and its outputs. */
export async function getProbeRun(db: DataLayer, set: ProbeSetsTable, runId: number): Promise<ProbeRunDetailDto> {
  const row = await findRunRow(db, set, runId);
  const previous = await db.selectFrom("probe_runs").selectAll().where("probe_set_id", "=", set.id).where("started_at", "<", row.started_at).orderBy("started_at", "desc").limit(1).execute();
  const shifts = await trafficShiftsByRun(db, set, [...previous, row]);
  const comparison = parseComparison(row);
  const outputs = await db.selectFrom("probe_samples").select(["prompt_index", "repeat_index", "output_text"]).where("run_id", "=", runId).orderBy("prompt_index").orderBy("repeat_index").execute();
  const isBaseline = Boolean(row.is_baseline);
  return {
    ...runDto(row, set, shifts.get(Number(row.id)) ?? 0),
    baselineRunId: isBaseline ? null : (comparison?.baselineRunId ?? null),
    movedPositions: isBaseline ? [] : (comparison?.movedPositions ?? []),
    outputs: outputs.map((output) => ({ promptIndex: output.prompt_index, repeatIndex: output.repeat_index, outputText: output.output_text })),
  };
}

/**
 * Makes a completed run the baseline and compares every other completed run with it again
 * (their figures always speak of the current baseline). Alerts already raised stay as they
 * are: an alert records what a run looked like when it ran.
 */
export async function setBaselineRun(db: DataLayer, set: ProbeSetsTable, runId: number): Promise<ProbeRunDetailDto> {
  const row = await findRunRow(db, set, runId);
  if (row.status !== "completed") throw new ApiError(409, "run_failed", `run ${runId} failed (${row.error ?? "no generations"}): only a completed run can be the baseline`);
  const baseline = await loadRunSamples(db, runId);
  const others = await db.selectFrom("probe_runs").select("id").where("probe_set_id", "=", set.id).where("status", "=", "completed").where("id", "!=", runId).execute();
  const updates: Array<{ id: number; comparison: RunComparison }> = [];
  for (const other of others) updates.push({ id: Number(other.id), comparison: compareRun(runId, baseline, await loadRunSamples(db, Number(other.id))) });
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("probe_runs").set({ is_baseline: false }).where("probe_set_id", "=", set.id).execute();
    await trx.updateTable("probe_runs").set({ is_baseline: true, mean_kl: null, mean_entropy_shift: null, argmax_changed_share: null, comparison: null }).where("id", "=", runId).execute();
    for (const { id, comparison } of updates) {
      await trx
        .updateTable("probe_runs")
        .set({ mean_kl: comparison.summary.meanKl, mean_entropy_shift: comparison.summary.meanEntropyShift, argmax_changed_share: comparison.summary.argmaxChangedShare, comparison: JSON.stringify(comparison) })
        .where("id", "=", id)
        .execute();
    }
  });
  return getProbeRun(db, set, runId);
}
