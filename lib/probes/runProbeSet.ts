import { ApiError } from "@/lib/api/errors";
import { projectDetectorSettings } from "@/lib/alerts/detectorSettings";
import type { DataLayer } from "@/lib/db/database";
import { exclusiveTransaction } from "@/lib/db/dialect";
import type { ProbeSetsTable } from "@/lib/db/schema";
import { parsePayload } from "@/lib/logprobs";
import { describeProviderError } from "@/lib/providers/providerErrors";
import { openAIClientFor } from "@/lib/providers/registry";
import { decodeTokens, encodeTokens } from "@/lib/storage/tokenBlob";
import { compareRun, type ProbeSampleTokens, type RunComparison } from "./compareRun";
import { assertProbeFits, probeProvider } from "./probeSets";

/** Per provider call; a probe must not hang the job. */
const PROBE_CALL_TIMEOUT_MS = 120_000;

interface GeneratedSample extends ProbeSampleTokens {
  outputText: string;
  blob: Buffer;
}

/**
 * Asks the model every prompt `runsPerPrompt` times through the provider's `openai` client
 * (chat completions, logprobs with the set's top_logprobs; repeat r uses seed r, so a sampled
 * run is reproducible where the provider honours seeds).
 */
async function generate(db: DataLayer, set: ProbeSetsTable, model: string): Promise<GeneratedSample[]> {
  const { client } = await openAIClientFor(set.provider_id, { db, timeoutMs: PROBE_CALL_TIMEOUT_MS, maxRetries: 1 });
  const prompts = JSON.parse(set.prompts) as string[];
  const samples: GeneratedSample[] = [];
  for (const [promptIndex, prompt] of prompts.entries()) {
    for (let repeatIndex = 0; repeatIndex < set.runs_per_prompt; repeatIndex++) {
      const completion = await client.chat.completions.create({
        model,
        messages: [{ role: "user", content: prompt }],
        max_tokens: set.max_tokens,
        temperature: set.temperature,
        logprobs: true,
        top_logprobs: set.top_logprobs,
        seed: repeatIndex,
      });
      const [sample] = parsePayload(completion, "openai-chat").samples;
      // Compared as stored (the blob keeps logprobs as float32), so a run equal to the baseline
      // compares at exactly 0 whether it was just generated or read back.
      const blob = encodeTokens(sample?.tokens ?? []);
      samples.push({ promptIndex, repeatIndex, tokens: decodeTokens(blob), blob, outputText: sample?.outputText ?? "" });
    }
  }
  return samples;
}

/** A run's generations, decoded from their token blobs. */
export async function loadRunSamples(db: DataLayer, runId: number): Promise<ProbeSampleTokens[]> {
  const rows = await db.selectFrom("probe_samples").select(["prompt_index", "repeat_index", "tokens_blob"]).where("run_id", "=", runId).execute();
  return rows.map((row) => ({ promptIndex: row.prompt_index, repeatIndex: row.repeat_index, tokens: decodeTokens(row.tokens_blob) }));
}

export async function baselineRunId(db: DataLayer, probeSetId: string): Promise<number | null> {
  const row = await db.selectFrom("probe_runs").select("id").where("probe_set_id", "=", probeSetId).where("is_baseline", "=", true).executeTakeFirst();
  return row ? Number(row.id) : null;
}

/**
 * Raises the `modelDrift` alert of a run (one per run: dedupe key `probeRun:<id>`), unless the
 * project switched the detector off. Returns the alert's id, or null when none was raised.
 */
export async function raiseModelDriftAlert(
  db: DataLayer,
  set: ProbeSetsTable,
  run: { id: number; model: string; startedAt: number; meanKl: number },
  comparison: RunComparison,
  now = Date.now(),
): Promise<number | null> {
  const settings = await projectDetectorSettings(db, set.project_id);
  if (!settings.modelDrift.enabled) return null;
  const evidence = {
    positions: [],
    thresholds: { klThreshold: set.kl_threshold },
    probeSetId: set.id,
    probeSetName: set.name,
    runId: run.id,
    baselineRunId: comparison.baselineRunId,
    meanEntropyShift: comparison.summary.meanEntropyShift,
    argmaxChangedShare: comparison.summary.argmaxChangedShare,
    movedPositions: comparison.movedPositions.slice(0, 3).map(({ promptIndex, repeatIndex, position, kl, baselineToken, runToken, firstDivergence }) => ({ promptIndex, repeatIndex, position, kl, baselineToken, runToken, firstDivergence })),
  };
  await db
    .insertInto("alerts")
    .values({
      project_id: set.project_id, detector: "modelDrift", dedupe_key: `probeRun:${run.id}`, response_id: null, model: run.model,
      severity: "warning", value: run.meanKl, threshold: set.kl_threshold, evidence: JSON.stringify(evidence),
      occurred_at: run.startedAt, created_at: now, updated_at: now,
    })
    .onConflict((oc) => oc.columns(["project_id", "detector", "dedupe_key"]).doNothing())
    .execute();
  const alert = await db.selectFrom("alerts").select("id").where("project_id", "=", set.project_id).where("detector", "=", "modelDrift").where("dedupe_key", "=", `probeRun:${run.id}`).executeTakeFirst();
  return alert ? Number(alert.id) : null;
}

export interface ProbeRunOutcome {
  runId: number;
  status: "completed" | "failed";
  error: string | null;
}

/**
 * Runs a probe set once (README, "Drift probes"): generates, stores the run and its tokens,
 * makes it the baseline when the set has none, else compares it with the baseline and raises
 * `modelDrift` when its mean KL is above the set's threshold. `model` runs the same prompts
 * against another model of the provider. A provider failure is stored as a failed run (its
 * reason in `error`), so scheduled runs leave a trace.
 */
export async function runProbeSet(db: DataLayer, set: ProbeSetsTable, options: { model?: string; now?: () => number } = {}): Promise<ProbeRunOutcome> {
  const now = options.now ?? Date.now;
  const model = options.model ?? set.model;
  const provider = await probeProvider(db, set.provider_id);
  assertProbeFits(provider, model, set.top_logprobs);
  const startedAt = now();
  let samples: GeneratedSample[];
  try {
    samples = await generate(db, set, model);
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) throw error;
    const problem = describeProviderError(error, { id: provider.id }, PROBE_CALL_TIMEOUT_MS);
    const failed = await db
      .insertInto("probe_runs")
      .values({ probe_set_id: set.id, project_id: set.project_id, model, status: "failed", error: problem.message, started_at: startedAt, finished_at: now() })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { runId: Number(failed.id), status: "failed", error: problem.message };
  }

  // Whether this run is the baseline is decided under the lock: two first runs at once (the
  // schedule and "Run now", two instances) both found none and both became the baseline.
  const { runId, comparison, meanKl } = await exclusiveTransaction(db, async (trx) => {
    const baselineId = await baselineRunId(trx, set.id);
    const comparison = baselineId === null ? null : compareRun(baselineId, await loadRunSamples(trx, baselineId), samples);
    const meanKl = comparison?.summary.meanKl ?? null;
    const inserted = await trx
      .insertInto("probe_runs")
      .values({
        probe_set_id: set.id, project_id: set.project_id, model, status: "completed", is_baseline: baselineId === null,
        mean_kl: meanKl, mean_entropy_shift: comparison?.summary.meanEntropyShift ?? null, argmax_changed_share: comparison?.summary.argmaxChangedShare ?? null,
        comparison: comparison ? JSON.stringify(comparison) : null, started_at: startedAt, finished_at: now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const id = Number(inserted.id);
    await trx
      .insertInto("probe_samples")
      .values(samples.map((sample) => ({ run_id: id, prompt_index: sample.promptIndex, repeat_index: sample.repeatIndex, output_text: sample.outputText, tokens_blob: sample.blob })))
      .execute();
    return { runId: id, comparison, meanKl };
  });
  if (comparison && meanKl !== null && meanKl > set.kl_threshold) {
    const alertId = await raiseModelDriftAlert(db, set, { id: runId, model, startedAt, meanKl }, comparison, now());
    if (alertId !== null) await db.updateTable("probe_runs").set({ alert_raised: true, alert_id: alertId }).where("id", "=", runId).execute();
  }
  return { runId, status: "completed", error: null };
}
