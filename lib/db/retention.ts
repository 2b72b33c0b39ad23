import { sql } from "kysely";
import { env } from "@/lib/config/env";
import type { DataLayer } from "./database";
import type { Backend } from "./databaseUrl";
import { addMonths, DAY_MS, forgetKnownPartitions, listMonthlyPartitions } from "./partitions";

/**
 * Retention (LOUPE_RETENTION_DAYS): token blobs of responses that occurred more than N days ago
 * are removed; responses, their metrics, tags and the rollups stay, so every dashboard number is
 * unchanged and only the token view loses its tokens (it says so: tokensRemovedBy below).
 * On PostgreSQL a month of response_tokens entirely older than the cutoff is one DROP TABLE of
 * its partition (no dead rows, no vacuum); the boundary month and the DEFAULT partition are
 * deleted row by row. On SQLite it is a batched DELETE (short write transactions, so ingest
 * waits at most one batch).
 */
export const RETENTION_INTERVAL_MS = 3_600_000;
const DELETE_BATCH = 5_000;

export interface RetentionResult {
  /** Blobs of responses that occurred before this instant (Unix ms) are gone. */
  cutoffMs: number;
  droppedPartitions: string[];
  deletedRows: number;
}

export function retentionCutoff(retentionDays: number, nowMs: number): number {
  return nowMs - retentionDays * DAY_MS;
}

export async function removeExpiredTokens(
  db: DataLayer,
  backend: Backend,
  retentionDays: number,
  nowMs: number = Date.now(),
  batchSize: number = DELETE_BATCH,
): Promise<RetentionResult> {
  const cutoffMs = retentionCutoff(retentionDays, nowMs);
  const droppedPartitions: string[] = [];
  if (backend === "postgres") {
    for (const partition of await listMonthlyPartitions(db, "response_tokens")) {
      if (addMonths(partition.month, 1) > cutoffMs) break;
      // IF EXISTS: another instance may have dropped it a moment ago. The name comes from the catalog.
      await sql.raw(`DROP TABLE IF EXISTS "${partition.name}"`).execute(db);
      droppedPartitions.push(partition.name);
    }
    // A dropped month is created again on demand if data for it arrives later.
    if (droppedPartitions.length > 0) forgetKnownPartitions(db);
  }
  let deletedRows = 0;
  for (;;) {
    const result = await db
      .deleteFrom("response_tokens")
      .where("occurred_at", "<", cutoffMs)
      .where("response_id", "in", (eb) =>
        eb.selectFrom("response_tokens").select("response_id").where("occurred_at", "<", cutoffMs).limit(batchSize),
      )
      .executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    deletedRows += deleted;
    if (deleted < batchSize) break;
  }
  return { cutoffMs, droppedPartitions, deletedRows };
}

/**
 * Why a response has no tokens to show: removed by retention when its tokens are gone, it had
 * some, and it occurred before the cutoff; otherwise null (it never had tokens with logprobs).
 */
export function tokensRemovedBy(
  response: { hasTokenBlob: boolean; tokenCount: number; occurredAt: number },
  retentionDays: number | undefined = env().LOUPE_RETENTION_DAYS,
  nowMs: number = Date.now(),
): { by: "retention"; afterDays: number } | null {
  if (response.hasTokenBlob || response.tokenCount === 0 || retentionDays === undefined) return null;
  return response.occurredAt < retentionCutoff(retentionDays, nowMs) ? { by: "retention", afterDays: retentionDays } : null;
}

/**
 * The background job: at start and hourly while LOUPE_RETENTION_DAYS is set. Failures are
 * logged and retried at the next run; the timer never keeps the process alive.
 */
export function startRetentionJob(db: DataLayer, backend: Backend, retentionDays: number | undefined, intervalMs = RETENTION_INTERVAL_MS): () => void {
  if (retentionDays === undefined) return () => {};
  const run = () =>
    removeExpiredTokens(db, backend, retentionDays)
      .then((result) => {
        if (result.deletedRows > 0 || result.droppedPartitions.length > 0) {
          const dropped = result.droppedPartitions.length > 0 ? `, dropped ${result.droppedPartitions.join(", ")}` : "";
          console.log(`retention: removed token blobs older than ${retentionDays} days (${result.deletedRows} rows${dropped})`);
        }
      })
      .catch((error: unknown) => console.error(`retention: ${error instanceof Error ? error.message : String(error)}`));
  void run();
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
