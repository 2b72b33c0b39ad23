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
    "messages" JSONB,
    "params" JSONB,
    "output_text" TEXT NOT NULL,
    "finish_reason" TEXT,
    "tags" JSONB,
    "metadata" JSONB,
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
    "hotspots" JSONB,
    "flags" JSONB,
    "flag_count" INTEGER NOT NULL DEFAULT 0,
    "prompt_token_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "responses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "response_tokens" (
    "response_id" INTEGER NOT NULL,
    "tokens_blob" BYTEA NOT NULL,
    "prompt_tokens_blob" BYTEA,

    CONSTRAINT "response_tokens_pkey" PRIMARY KEY ("response_id")
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
CREATE UNIQUE INDEX "responses_project_id_external_id_sample_index_key" ON "responses"("project_id", "external_id", "sample_index");

-- CreateIndex
CREATE INDEX "response_tags_project_id_tag_occurred_at_idx" ON "response_tags"("project_id", "tag", "occurred_at");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "responses" ADD CONSTRAINT "responses_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "response_tokens" ADD CONSTRAINT "response_tokens_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "responses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "response_tags" ADD CONSTRAINT "response_tags_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "responses"("id") ON DELETE CASCADE ON UPDATE CASCADE;
