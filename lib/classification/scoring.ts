import { sql } from "kysely";
import { backendOf, type DataLayer } from "@/lib/db/database";
import type { Database } from "@/lib/db/schema";
import type { NormalizedToken } from "@/lib/logprobs/types";
import { scoresFromFirstToken, scoresFromSequenceLogprobs, type LabelScores } from "@/lib/metrics/classification/labelScores";
import { decodeTokens } from "@/lib/storage/tokenBlob";
import { jobErrorLog } from "@/lib/db/jobErrorLog";

/**
 * Per-response label scores of a task, stored in classification_scores. A response is scored
 * from `metadata.labelLogprobs` (each label's full-sequence logprob) when its record carries one,
 * else from its first generated token's top_logprobs (lib/metrics/classification/labelScores.ts).
 * A response none of whose candidates matches a label keeps a row with null figures.
 */
export function scoreResponse(labels: readonly string[], firstToken: NormalizedToken | undefined, metadata: unknown): LabelScores | null {
  const sequence = typeof metadata === "object" && metadata !== null ? (metadata as Record<string, unknown>).labelLogprobs : undefined;
  if (typeof sequence === "object" && sequence !== null && !Array.isArray(sequence)) {
    const scores = scoresFromSequenceLogprobs(labels, sequence as Record<string, unknown>);
    if (scores) return scores;
  }
  return scoresFromFirstToken(labels, firstToken);
}

type ScoreRow = Database["classification_scores"];

export function scoreRow(taskId: string, response: { id: number; externalId: string | null; occurredAt: number }, scores: LabelScores | null): ScoreRow {
  return {
    task_id: taskId, response_id: response.id, external_id: response.externalId, occurred_at: response.occurredAt,
    source: scores?.source ?? null, predicted: scores?.predicted ?? null, confidence: scores?.confidence ?? null,
    log_margin: scores?.logMargin ?? null, entropy_bits: scores?.entropyBits ?? null,
    label_logprobs: scores ? JSON.stringify(scores.logprobs) : null,
    probabilities: scores ? JSON.stringify(scores.probabilities) : null,
    floored: scores && scores.floored.length > 0 ? JSON.stringify(scores.floored) : null,
  };
}

export async function upsertScores(db: DataLayer, rows: ScoreRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db.insertInto("classification_scores").values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.columns(["task_id", "response_id"]).doUpdateSet((eb) => ({
        external_id: eb.ref("excluded.external_id"), occurred_at: eb.ref("excluded.occurred_at"), source: eb.ref("excluded.source"),
        predicted: eb.ref("excluded.predicted"), confidence: eb.ref("excluded.confidence"), log_margin: eb.ref("excluded.log_margin"),
        entropy_bits: eb.ref("excluded.entropy_bits"), label_logprobs: eb.ref("excluded.label_logprobs"),
        probabilities: eb.ref("excluded.probabilities"), floored: eb.ref("excluded.floored"),
      }))).execute();
  }
}

/** Responses scored per background step: one short transaction each, the event loop free in between. */
export const SCORING_BATCH = 500;

/**
 * One step of a task's background scoring: the next SCORING_BATCH responses of its tag after
 * `scan_cursor` (by response id) are scored and the cursor, the scored count and the total
 * advance. Written only if the task was not changed meanwhile (its updated_at), so a PATCH that
 * restarts scoring never gets stale scores. Returns whether the task still has work.
 */
export async function scoreTaskStep(db: DataLayer, taskId: string, batch = SCORING_BATCH): Promise<boolean> {
  const task = await db.selectFrom("classification_tasks").select(["project_id", "labels", "tag", "scan_cursor", "updated_at", "scoring_status"])
    .where("id", "=", taskId).executeTakeFirst();
  if (!task || task.scoring_status !== "scoring") return false;
  const labels = JSON.parse(task.labels) as string[];
  const responses = await db.selectFrom("response_tags as t")
    .innerJoin("responses as r", (join) => join.onRef("r.id", "=", "t.response_id").onRef("r.occurred_at", "=", "t.occurred_at"))
    .leftJoin("response_tokens as k", (join) => join.onRef("k.response_id", "=", "r.id").onRef("k.occurred_at", "=", "r.occurred_at"))
    .select(["r.id", "r.external_id", "r.occurred_at", "r.metadata", "k.tokens_blob"])
    .where("t.project_id", "=", task.project_id).where("t.tag", "=", task.tag).where("t.response_id", ">", task.scan_cursor)
    .orderBy("t.response_id").limit(batch).execute();
  const rows = responses.map((r) => {
    let first: NormalizedToken | undefined;
    try {
      first = r.tokens_blob ? decodeTokens(r.tokens_blob)[0] : undefined;
    } catch {
      first = undefined; // an unreadable blob scores as "no label matched" rather than stopping the task
    }
    return scoreRow(taskId, { id: r.id, externalId: r.external_id, occurredAt: Number(r.occurred_at) }, scoreResponse(labels, first, r.metadata ? JSON.parse(r.metadata) : null));
  });
  const done = responses.length < batch;
  const cursor = responses.at(-1)?.id ?? task.scan_cursor;
  return db.transaction().execute(async (trx) => {
    const read = trx.selectFrom("classification_tasks").select("updated_at").where("id", "=", taskId);
    const current = await (backendOf(db) === "postgres" ? read.forUpdate() : read).executeTakeFirst();
    if (!current || Number(current.updated_at) !== Number(task.updated_at)) return Boolean(current);
    await upsertScores(trx, rows);
    await refreshProgress(trx, taskId, task.project_id, task.tag, { scan_cursor: cursor, ...(done ? { scoring_status: "ready" } : {}) });
    return !done;
  });
}

/** Recounts a task's scored responses and its tag's responses, with any other column changes. */
async function refreshProgress(db: DataLayer, taskId: string, projectId: string, tag: string, changes: { scan_cursor: number; scoring_status?: string }) {
  const scored = await db.selectFrom("classification_scores").select(sql<number>`COUNT(*)`.as("n")).where("task_id", "=", taskId).executeTakeFirstOrThrow();
  const total = await db.selectFrom("response_tags").select(sql<number>`COUNT(*)`.as("n")).where("project_id", "=", projectId).where("tag", "=", tag).executeTakeFirstOrThrow();
  await db.updateTable("classification_tasks").set({ ...changes, scored_count: Number(scored.n), total_count: Number(total.n) }).where("id", "=", taskId).execute();
}

const globalForScoring = globalThis as unknown as { loupeScoringTasks?: Set<string> };

/** Scores a task to the end in the background of this process (once per task at a time). */
export function kickTaskScoring(db: DataLayer, taskId: string): Promise<void> {
  const running = (globalForScoring.loupeScoringTasks ??= new Set());
  if (running.has(taskId)) return Promise.resolve();
  running.add(taskId);
  return (async () => {
    try {
      while (await scoreTaskStep(db, taskId)) await new Promise((resolve) => setImmediate(resolve));
    } catch (error) {
      console.error(`classification: scoring task ${taskId} failed`, error);
    } finally {
      running.delete(taskId);
    }
  })();
}

/** Picks up every task still scoring (after a restart, or started on another instance); every `intervalMs`. */
export function startClassificationScoring(db: DataLayer, intervalMs = 5_000): () => void {
  const tick = async () => {
    const tasks = await db.selectFrom("classification_tasks").select("id").where("scoring_status", "=", "scoring").execute();
    for (const task of tasks) void kickTaskScoring(db, task.id);
  };
  const logError = jobErrorLog("classification: scoring sweep failed");
  const timer = setInterval(() => void tick().catch(logError), intervalMs);
  timer.unref();
  void tick().catch(logError);
  return () => clearInterval(timer);
}

/** A freshly written response as the ingest hook sees it. */
export interface IngestedResponse {
  id: number;
  externalId: string | null;
  occurredAt: number;
  tags: readonly string[];
  firstToken: NormalizedToken | undefined;
  metadata: Record<string, unknown> | null;
}

/**
 * The ingest hook: scores new responses for the project's tasks whose tag they carry. One query
 * for the tasks, none when no response has a tag. Should it fail, the responses stay stored and
 * the affected tasks go back to background scoring, which picks them up by id.
 */
export async function scoreIngestedResponses(db: DataLayer, projectId: string, responses: readonly IngestedResponse[]): Promise<void> {
  const tags = new Set(responses.flatMap((r) => r.tags));
  if (tags.size === 0) return;
  const tasks = await db.selectFrom("classification_tasks").select(["id", "labels", "tag"])
    .where("project_id", "=", projectId).where("tag", "in", [...tags]).execute();
  for (const task of tasks) {
    const labels = JSON.parse(task.labels) as string[];
    const rows = responses.filter((r) => r.tags.includes(task.tag)).map((r) => scoreRow(task.id, r, scoreResponse(labels, r.firstToken, r.metadata)));
    try {
      await upsertScores(db, rows);
      // Counted up, not recounted: a recount would scan the tag's rows on every ingest.
      await db.updateTable("classification_tasks")
        .set((eb) => ({ scored_count: eb("scored_count", "+", rows.length), total_count: eb("total_count", "+", rows.length) }))
        .where("id", "=", task.id).execute();
    } catch (error) {
      console.error(`classification: ingest scoring for task ${task.id} failed; left to the background job`, error);
      await db.updateTable("classification_tasks").set({ scoring_status: "scoring" }).where("id", "=", task.id).execute().catch(() => undefined);
    }
  }
}
