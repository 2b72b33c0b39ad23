-- Dashboard aggregates from rollups (issue 8: at 1M responses the KPIs, time series and
-- histogram read every response row of the range). Every rollup gains a tag dimension: tag ''
-- holds every response, and a tagged response is also counted once under each of its tags, so
-- a tag filter is answered from the rollup too. Rebuilt here from the responses themselves.
DROP TABLE "response_hourly_rollups";

CREATE TABLE "response_hourly_rollups" (
    "project_id" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "bucket_start" DATETIME NOT NULL,
    "model" TEXT NOT NULL,
    "response_count" INTEGER NOT NULL,
    "token_count" INTEGER NOT NULL,
    "flagged_count" INTEGER NOT NULL,
    "sum_avg_logprob" REAL NOT NULL,
    "avg_logprob_count" INTEGER NOT NULL,
    "sum_min_logprob" REAL NOT NULL,
    "min_logprob_count" INTEGER NOT NULL,

    PRIMARY KEY ("project_id", "tag", "bucket_start", "model")
);

INSERT INTO "response_hourly_rollups" ("project_id", "tag", "bucket_start", "model", "response_count", "token_count", "flagged_count", "sum_avg_logprob", "avg_logprob_count", "sum_min_logprob", "min_logprob_count")
SELECT "project_id", '', ("occurred_at" / 3600000) * 3600000, "model", COUNT(*), SUM("token_count"), SUM(CASE WHEN "flag_count" > 0 THEN 1 ELSE 0 END), COALESCE(SUM("avg_logprob"), 0), COUNT("avg_logprob"), COALESCE(SUM("min_logprob"), 0), COUNT("min_logprob")
FROM "responses"
GROUP BY "project_id", ("occurred_at" / 3600000) * 3600000, "model";

INSERT INTO "response_hourly_rollups" ("project_id", "tag", "bucket_start", "model", "response_count", "token_count", "flagged_count", "sum_avg_logprob", "avg_logprob_count", "sum_min_logprob", "min_logprob_count")
SELECT r."project_id", t."tag", (r."occurred_at" / 3600000) * 3600000, r."model", COUNT(*), SUM(r."token_count"), SUM(CASE WHEN r."flag_count" > 0 THEN 1 ELSE 0 END), COALESCE(SUM(r."avg_logprob"), 0), COUNT(r."avg_logprob"), COALESCE(SUM(r."min_logprob"), 0), COUNT(r."min_logprob")
FROM "responses" r JOIN "response_tags" t ON t."response_id" = r."id"
GROUP BY r."project_id", t."tag", (r."occurred_at" / 3600000) * 3600000, r."model";

-- Responses per metric bin (lib/db/rollupBins.ts: 0-4 are the histogram's metrics at
-- its own bins, 5 is avgLogprob in 0.02-nat bins for percentiles), by hour, model and tag.
CREATE TABLE "response_metric_bins" (
    "project_id" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "metric" INTEGER NOT NULL,
    "bucket_start" DATETIME NOT NULL,
    "model" TEXT NOT NULL,
    "bin" INTEGER NOT NULL,
    "response_count" INTEGER NOT NULL,

    PRIMARY KEY ("project_id", "tag", "metric", "bucket_start", "model", "bin")
);

INSERT INTO "response_metric_bins" ("project_id", "tag", "metric", "bucket_start", "model", "bin", "response_count")
SELECT "project_id", '', 0, ("occurred_at" / 3600000) * 3600000, "model", MIN(MAX(CAST(("avg_logprob" - (-4)) / 0.1 + 1e-9 AS INTEGER), 0), 39), COUNT(*)
FROM "responses" WHERE "avg_logprob" IS NOT NULL
GROUP BY "project_id", ("occurred_at" / 3600000) * 3600000, "model", MIN(MAX(CAST(("avg_logprob" - (-4)) / 0.1 + 1e-9 AS INTEGER), 0), 39);
INSERT INTO "response_metric_bins" ("project_id", "tag", "metric", "bucket_start", "model", "bin", "response_count")
SELECT r."project_id", t."tag", 0, (r."occurred_at" / 3600000) * 3600000, r."model", MIN(MAX(CAST((r."avg_logprob" - (-4)) / 0.1 + 1e-9 AS INTEGER), 0), 39), COUNT(*)
FROM "responses" r JOIN "response_tags" t ON t."response_id" = r."id" WHERE r."avg_logprob" IS NOT NULL
GROUP BY r."project_id", t."tag", (r."occurred_at" / 3600000) * 3600000, r."model", MIN(MAX(CAST((r."avg_logprob" - (-4)) / 0.1 + 1e-9 AS INTEGER), 0), 39);

INSERT INTO "response_metric_bins" ("project_id", "tag", "metric", "bucket_start", "model", "bin", "response_count")
SELECT "project_id", '', 1, ("occurred_at" / 3600000) * 3600000, "model", MIN(MAX(CAST(("perplexity" - (1)) / 0.5 + 1e-9 AS INTEGER), 0), 39), COUNT(*)
FROM "responses" WHERE "perplexity" IS NOT NULL
GROUP BY "project_id", ("occurred_at" / 3600000) * 3600000, "model", MIN(MAX(CAST(("perplexity" - (1)) / 0.5 + 1e-9 AS INTEGER), 0), 39);
INSERT INTO "response_metric_bins" ("project_id", "tag", "metric", "bucket_start", "model", "bin", "response_count")
SELECT r."project_id", t."tag", 1, (r."occurred_at" / 3600000) * 3600000, r."model", MIN(MAX(CAST((r."perplexity" - (1)) / 0.5 + 1e-9 AS INTEGER), 0), 39), COUNT(*)
FROM "responses" r JOIN "response_tags" t ON t."response_id" = r."id" WHERE r."perplexity" IS NOT NULL
GROUP BY r."project_id", t."tag", (r."occurred_at" / 3600000) * 3600000, r."model", MIN(MAX(CAST((r."perplexity" - (1)) / 0.5 + 1e-9 AS INTEGER), 0), 39);

INSERT INTO "response_metric_bins" ("project_id", "tag", "metric", "bucket_start", "model", "bin", "response_count")
SELECT "project_id", '', 2, ("occurred_at" / 3600000) * 3600000, "model", MIN(MAX(CAST(("mean_entropy_bits" - (0)) / 0.1 + 1e-9 AS INTEGER), 0), 29), COUNT(*)
FROM "responses" WHERE "mean_entropy_bits" IS NOT NULL
GROUP BY "project_id", ("occurred_at" / 3600000) * 3600000, "model", MIN(MAX(CAST(("mean_entropy_bits" - (0)) / 0.1 + 1e-9 AS INTEGER), 0), 29);
INSERT INTO "response_metric_bins" ("project_id", "tag", "metric", "bucket_start", "model", "bin", "response_count")
SELECT r."project_id", t."tag", 2, (r."occurred_at" / 3600000) * 3600000, r."model", MIN(MAX(CAST((r."mean_entropy_bits" - (0)) / 0.1 + 1e-9 AS INTEGER), 0), 29), COUNT(*)
FROM "responses" r JOIN "response_tags" t ON t."response_id" = r."id" WHERE r."mean_entropy_bits" IS NOT NULL
GROUP BY r."project_id", t."tag", (r."occurred_at" / 3600000) * 3600000, r."model", MIN(MAX(CAST((r."mean_entropy_bits" - (0)) / 0.1 + 1e-9 AS INTEGER), 0), 29);

INSERT INTO "response_metric_bins" ("project_id", "tag", "metric", "bucket_start", "model", "bin", "response_count")
SELECT "project_id", '', 3, ("occurred_at" / 3600000) * 3600000, "model", MIN(MAX(CAST(("min_logprob" - (-20)) / 0.5 + 1e-9 AS INTEGER), 0), 39), COUNT(*)
FROM "responses" WHERE "min_logprob" IS NOT NULL
GROUP BY "project_id", ("occurred_at" / 3600000) * 3600000, "model", MIN(MAX(CAST(("min_logprob" - (-20)) / 0.5 + 1e-9 AS INTEGER), 0), 39);
INSERT INTO "response_metric_bins" ("project_id", "tag", "metric", "bucket_start", "model", "bin", "response_count")
SELECT r."project_id", t."tag", 3, (r."occurred_at" / 3600000) * 3600000, r."model", MIN(MAX(CAST((r."min_logprob" - (-20)) / 0.5 + 1e-9 AS INTEGER), 0), 39), COUNT(*)
FROM "responses" r JOIN "response_tags" t ON t."response_id" = r."id" WHERE r."min_logprob" IS NOT NULL
GROUP BY r."project_id", t."tag", (r."occurred_at" / 3600000) * 3600000, r."model", MIN(MAX(CAST((r."min_logprob" - (-20)) / 0.5 + 1e-9 AS INTEGER), 0), 39);

INSERT INTO "response_metric_bins" ("project_id", "tag", "metric", "bucket_start", "model", "bin", "response_count")
SELECT "project_id", '', 4, ("occurred_at" / 3600000) * 3600000, "model", MIN(MAX(CAST(("low_confidence_ratio" - (0)) / 0.05 + 1e-9 AS INTEGER), 0), 19), COUNT(*)
FROM "responses" WHERE "low_confidence_ratio" IS NOT NULL
GROUP BY "project_id", ("occurred_at" / 3600000) * 3600000, "model", MIN(MAX(CAST(("low_confidence_ratio" - (0)) / 0.05 + 1e-9 AS INTEGER), 0), 19);
INSERT INTO "response_metric_bins" ("project_id", "tag", "metric", "bucket_start", "model", "bin", "response_count")
SELECT r."project_id", t."tag", 4, (r."occurred_at" / 3600000) * 3600000, r."model", MIN(MAX(CAST((r."low_confidence_ratio" - (0)) / 0.05 + 1e-9 AS INTEGER), 0), 19), COUNT(*)
FROM "responses" r JOIN "response_tags" t ON t."response_id" = r."id" WHERE r."low_confidence_ratio" IS NOT NULL
GROUP BY r."project_id", t."tag", (r."occurred_at" / 3600000) * 3600000, r."model", MIN(MAX(CAST((r."low_confidence_ratio" - (0)) / 0.05 + 1e-9 AS INTEGER), 0), 19);

INSERT INTO "response_metric_bins" ("project_id", "tag", "metric", "bucket_start", "model", "bin", "response_count")
SELECT "project_id", '', 5, ("occurred_at" / 3600000) * 3600000, "model", MIN(MAX(CAST(("avg_logprob" - (-20)) / 0.02 + 1e-9 AS INTEGER), 0), 999), COUNT(*)
FROM "responses" WHERE "avg_logprob" IS NOT NULL
GROUP BY "project_id", ("occurred_at" / 3600000) * 3600000, "model", MIN(MAX(CAST(("avg_logprob" - (-20)) / 0.02 + 1e-9 AS INTEGER), 0), 999);
INSERT INTO "response_metric_bins" ("project_id", "tag", "metric", "bucket_start", "model", "bin", "response_count")
SELECT r."project_id", t."tag", 5, (r."occurred_at" / 3600000) * 3600000, r."model", MIN(MAX(CAST((r."avg_logprob" - (-20)) / 0.02 + 1e-9 AS INTEGER), 0), 999), COUNT(*)
FROM "responses" r JOIN "response_tags" t ON t."response_id" = r."id" WHERE r."avg_logprob" IS NOT NULL
GROUP BY r."project_id", t."tag", (r."occurred_at" / 3600000) * 3600000, r."model", MIN(MAX(CAST((r."avg_logprob" - (-20)) / 0.02 + 1e-9 AS INTEGER), 0), 999);
