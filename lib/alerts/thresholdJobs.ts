import crypto from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import { env } from "@/lib/config/env";
import type { DataLayer } from "@/lib/db/database";
import { HOUR_MS } from "@/lib/db/dialect";
import { DAY_MS } from "@/lib/db/partitions";
import { runDetectors } from "@/lib/metrics/detectors";
import { RESPONSE_DETECTORS } from "@/lib/metrics/detectors/settings";
import { responseMetrics } from "@/lib/metrics/responseMetrics";
import { storedSampleConsistency } from "@/lib/queries/storedConsistency";
import { decodeTokens } from "@/lib/storage/tokenBlob";
import { ingestDetectorSettings, settingsForTags } from "./detectorSettings";
import { jobErrorLog } from "@/lib/db/jobErrorLog";

/**
 * Re-applying a project's detector settings to its last N days (README, "Thresholds"): a job
 * row in the database, worked through in small batches by a background loop
 * (lib/db/backgroundJobs.ts) so ingestion goes on meanwhile, resumable after a restart from
 * its last response id. Per response: the detectors run again on the stored tokens; alerts that
 * now fire are added (the unique key keeps one per response and detector) or reopened when an
 * earlier re-apply had resolved them, open alerts whose detector no longer fires are resolved
 * (by `job:<id>`), and the response's flags and the
 * hourly flagged count follow.
 */
export const reapplyBodySchema = z.object({ days: z.number().int().min(1, "days: at least 1").max(90, "days: at most 90") }).strict();

export interface ThresholdJobDto {
  id: string;
  status: "queued" | "running" | "done" | "failed";
  days: number;
  total: number;
  processed: number;
  /** processed ÷ total (1 when there was nothing to do). */
  progress: number;
  raised: number;
  cleared: number;
  error: string | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

const JOB_COLUMNS = ["id", "status", "days", "total", "processed", "raised", "cleared", "error", "created_by", "created_at", "finished_at"] as const;
type JobRow = { id: string; status: string; days: number; total: number; processed: number; raised: number; cleared: number; error: string | null; created_by: string; created_at: number; finished_at: number | null };

function jobDto(row: JobRow): ThresholdJobDto {
  const total = Number(row.total);
  const processed = Number(row.processed);
  return {
    id: row.id, status: row.status as ThresholdJobDto["status"], days: Number(row.days), total, processed,
    progress: total === 0 ? (row.status === "done" ? 1 : 0) : Math.min(1, processed / total),
    raised: Number(row.raised), cleared: Number(row.cleared), error: row.error, createdBy: row.created_by,
    createdAt: new Date(Number(row.created_at)).toISOString(), finishedAt: row.finished_at === null ? null : new Date(Number(row.finished_at)).toISOString(),
  };
}

/** Queues a re-apply of the project's settings to the responses of its last `days` days. */
export async function createThresholdJob(db: DataLayer, projectId: string, days: number, createdBy: string, now = Date.now()): Promise<ThresholdJobDto> {
  const total = await db
    .selectFrom("responses")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("project_id", "=", projectId)
    .where("occurred_at", ">=", now - days * DAY_MS)
    .where("received_at", "<=", now)
    .executeTakeFirst();
  const row: JobRow = {
    id: crypto.randomUUID(), status: "queued", days, total: Number(total?.n ?? 0), processed: 0, raised: 0, cleared: 0, error: null,
    created_by: createdBy, created_at: now, finished_at: null,
  };
  await db.insertInto("threshold_jobs").values({ ...row, project_id: projectId, updated_at: now }).execute();
  return jobDto(row);
}

export async function getThresholdJob(db: DataLayer, projectId: string, id: string): Promise<ThresholdJobDto | null> {
  const row = await db.selectFrom("threshold_jobs").select(JOB_COLUMNS).where("project_id", "=", projectId).where("id", "=", id).executeTakeFirst();
  return row ? jobDto(row) : null;
}

/** The project's latest jobs, newest first. */
export async function listThresholdJobs(db: DataLayer, projectId: string, limit = 10): Promise<ThresholdJobDto[]> {
  const rows = await db.selectFrom("threshold_jobs").select(JOB_COLUMNS).where("project_id", "=", projectId).orderBy("created_at", "desc").limit(limit).execute();
  return rows.map(jobDto);
}

const RESPONSE_DETECTOR_SET = new Set<string>(RESPONSE_DETECTORS);

/**
 * One batch of the oldest unfinished job: up to `batch` responses after its last response id.
 * Returns the job after the batch, or null when no job waits. Two instances running the same
 * batch do no harm (alert inserts are idempotent; the progress update is conditional).
 */
export async function runThresholdJobBatch(db: DataLayer, options: { batch?: number; now?: number } = {}): Promise<ThresholdJobDto | null> {
  const now = options.now ?? Date.now();
  const job = await db
    .selectFrom("threshold_jobs")
    .select(["id", "project_id", "days", "created_at", "last_response_id", "processed", "raised", "cleared"])
    .where("status", "in", ["queued", "running"])
    .orderBy("created_at")
    .limit(1)
    .executeTakeFirst();
  if (!job) return null;
  const batch = options.batch ?? 100;
  try {
    const settings = await ingestDetectorSettings(db, job.project_id);
    const from = Number(job.created_at) - Number(job.days) * DAY_MS;
    const rows = await db
      .selectFrom("responses as r")
      .leftJoin("response_tokens as t", "t.response_id", "r.id")
      .select(["r.id", "r.external_id", "r.metadata", "r.model", "r.occurred_at", "r.flag_count", "r.tags", "t.tokens_blob"])
      .where("r.project_id", "=", job.project_id)
      .where("r.occurred_at", ">=", from)
      // Responses received since were judged at ingest under the settings already in force.
      .where("r.received_at", "<=", Number(job.created_at))
      .where("r.id", ">", Number(job.last_response_id))
      .orderBy("r.id")
      .limit(batch)
      .execute();
    let raised = 0;
    let cleared = 0;
    // The sibling-sample term of the hallucination score, as ingest computed it.
    const consistency = await storedSampleConsistency(db, job.project_id, rows.map((row) => ({ id: Number(row.id), externalId: row.external_id, metadata: row.metadata })));
    for (const row of rows) {
      if (!row.tokens_blob) continue; // tokens removed by retention: nothing to judge again
      const responseId = Number(row.id);
      const tokens = decodeTokens(row.tokens_blob);
      const metrics = responseMetrics(tokens, { lengthNormAlpha: env().LOUPE_LENGTH_NORM_ALPHA });
      const tags = row.tags ? (JSON.parse(row.tags) as string[]) : [];
      const findings = runDetectors(tokens, metrics, settingsForTags(settings, tags), { sampleConsistency: consistency.get(responseId) ?? null });
      const firing = new Set(findings.map((f) => f.detector));
      if (findings.length > 0) {
        const inserted = await db
          .insertInto("alerts")
          .values(findings.map((f) => ({
            project_id: job.project_id, detector: f.detector, dedupe_key: `response:${responseId}`, response_id: responseId, model: row.model,
            severity: f.severity, value: f.value, threshold: f.threshold, evidence: JSON.stringify(f.evidence), occurred_at: Number(row.occurred_at),
            created_at: now, updated_at: now,
          })))
          .onConflict((oc) => oc.columns(["project_id", "detector", "dedupe_key"]).doNothing())
          .executeTakeFirst();
        raised += Number(inserted.numInsertedOrUpdatedRows ?? 0);
        // An alert an earlier re-apply resolved comes back when its detector fires again.
        const reopened = await db
          .updateTable("alerts")
          .set({ status: "open", updated_at: now, status_changed_by: null })
          .where("project_id", "=", job.project_id)
          .where("response_id", "=", responseId)
          .where("detector", "in", [...firing])
          .where("status", "=", "resolved")
          .where("status_changed_by", "like", "job:%")
          .executeTakeFirst();
        raised += Number(reopened.numUpdatedRows);
      }
      const stale = await db.selectFrom("alerts").select(["id", "detector"]).where("project_id", "=", job.project_id).where("response_id", "=", responseId).where("status", "=", "open").execute();
      const toResolve = stale.filter((a) => RESPONSE_DETECTOR_SET.has(a.detector) && !firing.has(a.detector)).map((a) => Number(a.id));
      if (toResolve.length > 0) {
        await db.updateTable("alerts").set({ status: "resolved", updated_at: now, status_changed_by: `job:${job.id}` }).where("id", "in", toResolve).execute();
        cleared += toResolve.length;
      }
      const flags = findings.map((f) => ({ rule: f.detector, value: f.value, threshold: f.threshold }));
      await db.updateTable("responses").set({ flags: JSON.stringify(flags), flag_count: flags.length }).where("id", "=", responseId).execute();
      const wasFlagged = Number(row.flag_count) > 0;
      if (wasFlagged !== flags.length > 0) {
        const bucket = Math.floor(Number(row.occurred_at) / HOUR_MS) * HOUR_MS;
        await db
          .updateTable("response_hourly_rollups")
          .set({ flagged_count: sql`flagged_count + ${flags.length > 0 ? 1 : -1}` })
          .where("project_id", "=", job.project_id)
          .where("bucket_start", "=", bucket)
          .where("model", "=", row.model)
          .where("tag", "in", ["", ...tags]) // every response's row and its tags' rows
          .execute();
      }
    }
    const last = rows.at(-1);
    const finished = rows.length < batch;
    await db
      .updateTable("threshold_jobs")
      .set({
        status: finished ? "done" : "running",
        processed: sql`processed + ${rows.length}`,
        raised: sql`raised + ${raised}`,
        cleared: sql`cleared + ${cleared}`,
        last_response_id: last ? Number(last.id) : Number(job.last_response_id),
        updated_at: now,
        finished_at: finished ? now : null,
      })
      .where("id", "=", job.id)
      .where("last_response_id", "=", Number(job.last_response_id))
      .execute();
  } catch (error) {
    await db
      .updateTable("threshold_jobs")
      .set({ status: "failed", error: error instanceof Error ? error.message.slice(0, 500) : String(error), updated_at: now, finished_at: now })
      .where("id", "=", job.id)
      .execute();
  }
  const after = await db.selectFrom("threshold_jobs").select(JOB_COLUMNS).where("id", "=", job.id).executeTakeFirstOrThrow();
  return jobDto(after);
}

export const THRESHOLD_JOB_INTERVAL_MS = 1_000;

/** Works through waiting jobs one batch per second; yields between batches so ingestion goes on. */
export function startThresholdJobRunner(db: DataLayer, intervalMs = THRESHOLD_JOB_INTERVAL_MS): () => void {
  let running = false;
  const logError = jobErrorLog("threshold job");
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runThresholdJobBatch(db)
      .catch(logError)
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
