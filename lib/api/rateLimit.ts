import { sql, type RawBuilder } from "kysely";
import { env } from "@/lib/config/env";
import { backendOf, db, type DataLayer } from "@/lib/db/database";
import { largerOf, nowMs, smallerOf } from "@/lib/db/dialect";
import { ApiError } from "./errors";

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Token bucket per key, in the database (table ingest_rate_buckets), so every app instance
 * charges the same bucket: it holds `ratePerMinute` tokens, refills continuously at
 * ratePerMinute / 60 per second, and each request takes one. A burst of a minute's worth
 * passes at once; after that, requests pass at the steady rate.
 *
 * One `INSERT ... ON CONFLICT DO UPDATE` refills, takes and records the decision atomically (the
 * database serializes concurrent upserts of one key; every SET expression reads the row as it
 * was), on the database's clock unless `atMs` is given (tests move a clock by hand). A clock
 * that steps backwards refills nothing; a changed rate starts the key over with a full bucket.
 */
export async function takeIngestToken(layer: DataLayer, keyId: string, ratePerMinute: number, atMs?: number): Promise<RateDecision> {
  if (!(ratePerMinute > 0)) throw new Error("ratePerMinute must be positive");
  const backend = backendOf(layer);
  const now: RawBuilder<number> = atMs === undefined ? nowMs(backend) : sql<number>`CAST(${Math.floor(atMs)} AS BIGINT)`;
  const elapsed = largerOf(backend, sql<number>`excluded.updated_at - ingest_rate_buckets.updated_at`, sql<number>`0`);
  const refilled = smallerOf(
    backend,
    sql<number>`excluded.rate_per_minute`,
    sql<number>`ingest_rate_buckets.tokens + ${elapsed} * excluded.rate_per_minute / 60000.0`,
  );
  const level = sql<number>`(CASE WHEN ingest_rate_buckets.rate_per_minute <> excluded.rate_per_minute
    THEN excluded.rate_per_minute ELSE ${refilled} END)`;
  const row = await layer
    .insertInto("ingest_rate_buckets")
    .values({ key_id: keyId, rate_per_minute: ratePerMinute, tokens: ratePerMinute - 1, updated_at: now, refused: 0 })
    .onConflict((oc) =>
      oc.column("key_id").doUpdateSet({
        tokens: sql<number>`CASE WHEN ${level} >= 1 THEN ${level} - 1 ELSE ${level} END`,
        refused: sql<number>`CASE WHEN ${level} >= 1 THEN 0 ELSE 1 END`,
        rate_per_minute: sql<number>`excluded.rate_per_minute`,
        updated_at: largerOf(backend, sql<number>`excluded.updated_at`, sql<number>`ingest_rate_buckets.updated_at`),
      }),
    )
    .returning(["tokens", "refused"])
    .executeTakeFirstOrThrow();
  if (!row.refused) return { allowed: true };
  const waitMs = (1 - row.tokens) / (ratePerMinute / 60_000);
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/**
 * Charges one ingest request to `keyId` (LOUPE_INGEST_RATE_PER_MINUTE per key, 0 = unlimited);
 * throws 429 `rate_limited` with Retry-After when the key's bucket is empty.
 */
export async function enforceIngestRateLimit(keyId: string, layer: DataLayer = db()): Promise<void> {
  const rate = env().LOUPE_INGEST_RATE_PER_MINUTE;
  if (rate === 0) return;
  const decision = await takeIngestToken(layer, keyId, rate);
  if (decision.allowed) return;
  throw new ApiError(
    429,
    "rate_limited",
    `ingest rate limit of ${rate} requests per minute for this API key exceeded; retry in ${decision.retryAfterSeconds} s`,
    { limitPerMinute: rate, retryAfterSeconds: decision.retryAfterSeconds },
    { "Retry-After": String(decision.retryAfterSeconds) },
  );
}

/**
 * A bucket refills completely within a minute, so a row idle for longer is indistinguishable
 * from no row (the next request starts a full bucket either way). Removing idle rows keeps the
 * table as small as the set of keys active in the last minutes, not every key ever used.
 */
export const IDLE_BUCKET_MS = 10 * 60_000;

/** Deletes buckets idle for IDLE_BUCKET_MS as of `nowMs`; returns how many went. */
export async function pruneIdleRateBuckets(layer: DataLayer, nowMs: number = Date.now()): Promise<number> {
  const result = await layer.deleteFrom("ingest_rate_buckets").where("updated_at", "<", nowMs - IDLE_BUCKET_MS).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Prunes idle buckets every `intervalMs` (background job, every instance; idempotent). */
export function startRateBucketPruning(layer: DataLayer, intervalMs = IDLE_BUCKET_MS): () => void {
  const timer = setInterval(() => {
    pruneIdleRateBuckets(layer).catch((error: unknown) => console.error(`rate buckets: ${error instanceof Error ? error.message : String(error)}`));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Test hook: forget every bucket (each key starts full). */
export async function resetIngestRateLimit(layer: DataLayer = db()): Promise<void> {
  await layer.deleteFrom("ingest_rate_buckets").execute();
}
