-- The heatmap rollup becomes one row per (project, hour, model, position bucket, probability
-- bucket) with a count, so concurrent ingests add to it with `INSERT ... ON CONFLICT DO UPDATE
-- SET token_count = token_count + excluded.token_count` instead of reading a packed row and
-- writing it back (two app instances ingesting into the same hour lost counts).
CREATE TABLE "token_position_cells" (
    "project_id" TEXT NOT NULL,
    "bucket_start" BIGINT NOT NULL,
    "model" TEXT NOT NULL,
    "position_bucket" INTEGER NOT NULL,
    "prob_bucket" INTEGER NOT NULL,
    "token_count" INTEGER NOT NULL,

    CONSTRAINT "token_position_cells_pkey" PRIMARY KEY ("project_id","bucket_start","model","position_bucket","prob_bucket")
);

-- The packed rows unpacked: `cells` maps positionBucket * 64 + probBucket to a count.
INSERT INTO "token_position_cells" ("project_id", "bucket_start", "model", "position_bucket", "prob_bucket", "token_count")
SELECT r."project_id", r."bucket_start", r."model", CAST(c."key" AS INTEGER) / 64, CAST(c."key" AS INTEGER) % 64, CAST(c."value" AS INTEGER)
FROM "token_position_rollups" r, json_each_text(CAST(r."cells" AS json)) c
WHERE CAST(c."value" AS INTEGER) > 0;

DROP TABLE "token_position_rollups";

-- The same counts by UTC day: a 30-day heatmap sums whole days from here (30 rows per cell and
-- model instead of 720) and only the partial days at its ends from the hourly cells.
CREATE TABLE "token_position_daily_cells" (
    "project_id" TEXT NOT NULL,
    "day_start" BIGINT NOT NULL,
    "model" TEXT NOT NULL,
    "position_bucket" INTEGER NOT NULL,
    "prob_bucket" INTEGER NOT NULL,
    "token_count" INTEGER NOT NULL,

    CONSTRAINT "token_position_daily_cells_pkey" PRIMARY KEY ("project_id","day_start","model","position_bucket","prob_bucket")
);

INSERT INTO "token_position_daily_cells" ("project_id", "day_start", "model", "position_bucket", "prob_bucket", "token_count")
SELECT "project_id", ("bucket_start" / 86400000) * 86400000, "model", "position_bucket", "prob_bucket", SUM("token_count")
FROM "token_position_cells"
GROUP BY "project_id", ("bucket_start" / 86400000) * 86400000, "model", "position_bucket", "prob_bucket";

-- The ingest rate limit (a token bucket per API key), shared by every app instance: one
-- atomic upsert per request takes a token (lib/api/rateLimit.ts).
CREATE TABLE "ingest_rate_buckets" (
    "key_id" TEXT NOT NULL,
    "rate_per_minute" INTEGER NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "refused" INTEGER NOT NULL,

    CONSTRAINT "ingest_rate_buckets_pkey" PRIMARY KEY ("key_id")
);
