-- Trigram operator classes for the explorer's text search (responses_output_text_trgm_idx).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateTable
CREATE TABLE "projects" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "is_demo" BOOLEAN NOT NULL DEFAULT false,
    "created_at" BIGINT NOT NULL,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "created_at" BIGINT NOT NULL,
    "last_used_at" BIGINT,
    "revoked_at" BIGINT,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "responses" (
    "id" SERIAL NOT NULL,
    "project_id" TEXT NOT NULL,
    "external_id" TEXT,
    "sample_index" INTEGER NOT NULL DEFAULT 0,
    "provider" TEXT,
    "model" TEXT NOT NULL,
    "source_format" TEXT NOT NULL,
    "occurred_at" BIGINT NOT NULL,
    "received_at" BIGINT NOT NULL,
    "prompt" TEXT,
    "messages" JSON,
    "params" JSON,
    "output_text" TEXT NOT NULL,
    "finish_reason" TEXT,
    "tags" JSON,
    "metadata" JSON,
    "token_count" INTEGER NOT NULL,
    "sum_logprob" DOUBLE PRECISION,
    "avg_logprob" DOUBLE PRECISION,
    "perplexity" DOUBLE PRECISION,
    "length_normalized_logprob" DOUBLE PRECISION,
    "min_logprob" DOUBLE PRECISION,
    "mean_entropy_bits" DOUBLE PRECISION,
    "max_entropy_bits" DOUBLE PRECISION,
    "mean_margin" DOUBLE PRECISION,
    "low_confidence_ratio" DOUBLE PRECISION,
    "sudden_drops" INTEGER NOT NULL,
    "hotspot_count" INTEGER NOT NULL DEFAULT 0,
    "hotspots" JSON,
    "flags" JSON,
    "flag_count" INTEGER NOT NULL DEFAULT 0,
    "prompt_token_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "responses_pkey" PRIMARY KEY ("id","occurred_at")
) PARTITION BY RANGE ("occurred_at");

-- Monthly partitions (responses_pYYYY_MM) are created ahead by lib/db/partitions.ts. The DEFAULT
-- partition is the safety net: a row for a month nobody created yet is stored, never refused.
CREATE TABLE "responses_default" PARTITION OF "responses" DEFAULT;

-- CreateTable
CREATE TABLE "response_tokens" (
    "response_id" INTEGER NOT NULL,
    "occurred_at" BIGINT NOT NULL,
    "tokens_blob" BYTEA NOT NULL,
    "prompt_tokens_blob" BYTEA,

    CONSTRAINT "response_tokens_pkey" PRIMARY KEY ("response_id","occurred_at")
) PARTITION BY RANGE ("occurred_at");

-- Partitioned alike to responses (response_tokens_pYYYY_MM): retention drops whole months.
CREATE TABLE "response_tokens_default" PARTITION OF "response_tokens" DEFAULT;

-- CreateTable
-- (project, external id, sample) uniqueness, which the partitioned responses table cannot hold:
-- a unique index there must include occurred_at. Claimed by the trigger below.
CREATE TABLE "response_keys" (
    "project_id" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "sample_index" INTEGER NOT NULL,
    "response_id" INTEGER NOT NULL,
    "occurred_at" BIGINT NOT NULL,

    CONSTRAINT "response_keys_pkey" PRIMARY KEY ("project_id","external_id","sample_index")
);

-- CreateTable
CREATE TABLE "response_tags" (
    "response_id" INTEGER NOT NULL,
    "project_id" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "occurred_at" BIGINT NOT NULL,

    CONSTRAINT "response_tags_pkey" PRIMARY KEY ("response_id","tag")
);

-- CreateTable
CREATE TABLE "token_position_rollups" (
    "project_id" TEXT NOT NULL,
    "bucket_start" BIGINT NOT NULL,
    "model" TEXT NOT NULL,
    "token_count" INTEGER NOT NULL,
    "cells" TEXT NOT NULL,

    CONSTRAINT "token_position_rollups_pkey" PRIMARY KEY ("project_id","bucket_start","model")
);

-- CreateTable
CREATE TABLE "response_hourly_rollups" (
    "project_id" TEXT NOT NULL,
    "bucket_start" BIGINT NOT NULL,
    "model" TEXT NOT NULL,
    "response_count" INTEGER NOT NULL,
    "token_count" INTEGER NOT NULL,
    "flagged_count" INTEGER NOT NULL,
    "sum_avg_logprob" DOUBLE PRECISION NOT NULL,
    "avg_logprob_count" INTEGER NOT NULL,

    CONSTRAINT "response_hourly_rollups_pkey" PRIMARY KEY ("project_id","bucket_start","model")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updated_at" BIGINT NOT NULL,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "api_keys_project_id_idx" ON "api_keys"("project_id");

-- CreateIndex
CREATE INDEX "responses_overview_idx" ON "responses"("project_id", "occurred_at", "model", "flag_count", "token_count", "avg_logprob", "perplexity", "mean_entropy_bits", "min_logprob", "low_confidence_ratio", "max_entropy_bits");

-- CreateIndex
CREATE INDEX "responses_project_id_model_occurred_at_idx" ON "responses"("project_id", "model", "occurred_at");

-- CreateIndex
CREATE INDEX "responses_project_id_flag_count_occurred_at_idx" ON "responses"("project_id", "flag_count", "occurred_at");

-- CreateIndex
CREATE INDEX "responses_project_id_external_id_sample_index_idx" ON "responses"("project_id", "external_id", "sample_index");

-- CreateIndex
CREATE INDEX "responses_output_text_trgm_idx" ON "responses" USING GIN ("output_text" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "response_tokens_occurred_at_idx" ON "response_tokens"("occurred_at");

-- CreateIndex
CREATE INDEX "response_tags_project_id_tag_occurred_at_idx" ON "response_tags"("project_id", "tag", "occurred_at");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "responses" ADD CONSTRAINT "responses_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "response_tokens" ADD CONSTRAINT "response_tokens_response_id_occurred_at_fkey" FOREIGN KEY ("response_id", "occurred_at") REFERENCES "responses"("id", "occurred_at") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
-- Deferred: the trigger writes the key before its response row exists.
ALTER TABLE "response_keys" ADD CONSTRAINT "response_keys_response_id_occurred_at_fkey" FOREIGN KEY ("response_id", "occurred_at") REFERENCES "responses"("id", "occurred_at") ON DELETE CASCADE ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;

-- AddForeignKey
ALTER TABLE "response_tags" ADD CONSTRAINT "response_tags_response_id_occurred_at_fkey" FOREIGN KEY ("response_id", "occurred_at") REFERENCES "responses"("id", "occurred_at") ON DELETE CASCADE ON UPDATE CASCADE;

-- Duplicate detection on the partitioned responses table: a row whose (project, external id,
-- sample) is already claimed is skipped (the BEFORE trigger returns NULL), which is what
-- `INSERT ... ON CONFLICT DO NOTHING` does on SQLite. A concurrent claim of the same key waits
-- on response_keys' primary key until the first transaction ends, as a unique index would.
CREATE FUNCTION "responses_claim_key"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.external_id IS NULL THEN
        RETURN NEW;
    END IF;
    INSERT INTO "response_keys" ("project_id", "external_id", "sample_index", "response_id", "occurred_at")
    VALUES (NEW.project_id, NEW.external_id, NEW.sample_index, NEW.id, NEW.occurred_at)
    ON CONFLICT DO NOTHING;
    IF FOUND THEN
        RETURN NEW;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER "responses_claim_key" BEFORE INSERT ON "responses"
    FOR EACH ROW EXECUTE FUNCTION "responses_claim_key"();
