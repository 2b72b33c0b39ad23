-- CreateTable
CREATE TABLE "projects" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "is_demo" BOOLEAN NOT NULL DEFAULT false,
    "created_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "last_used_at" DATETIME,
    "revoked_at" DATETIME,
    CONSTRAINT "api_keys_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "responses" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" TEXT NOT NULL,
    "external_id" TEXT,
    "sample_index" INTEGER NOT NULL DEFAULT 0,
    "provider" TEXT,
    "model" TEXT NOT NULL,
    "source_format" TEXT NOT NULL,
    "occurred_at" DATETIME NOT NULL,
    "received_at" DATETIME NOT NULL,
    "prompt" TEXT,
    "messages" JSONB,
    "params" JSONB,
    "output_text" TEXT NOT NULL,
    "finish_reason" TEXT,
    "tags" JSONB,
    "metadata" JSONB,
    "token_count" INTEGER NOT NULL,
    "sum_logprob" REAL,
    "avg_logprob" REAL,
    "perplexity" REAL,
    "length_normalized_logprob" REAL,
    "min_logprob" REAL,
    "mean_entropy_bits" REAL,
    "max_entropy_bits" REAL,
    "mean_margin" REAL,
    "low_confidence_ratio" REAL,
    "sudden_drops" INTEGER NOT NULL,
    "hotspot_count" INTEGER NOT NULL DEFAULT 0,
    "hotspots" JSONB,
    "flags" JSONB,
    "flag_count" INTEGER NOT NULL DEFAULT 0,
    "prompt_token_count" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "responses_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "response_tokens" (
    "response_id" INTEGER NOT NULL PRIMARY KEY,
    "tokens_blob" BLOB NOT NULL,
    "prompt_tokens_blob" BLOB,
    CONSTRAINT "response_tokens_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "responses" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "response_tags" (
    "response_id" INTEGER NOT NULL,
    "project_id" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "occurred_at" DATETIME NOT NULL,

    PRIMARY KEY ("response_id", "tag"),
    CONSTRAINT "response_tags_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "responses" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "token_position_rollups" (
    "project_id" TEXT NOT NULL,
    "bucket_start" DATETIME NOT NULL,
    "model" TEXT NOT NULL,
    "token_count" INTEGER NOT NULL,
    "cells" TEXT NOT NULL,

    PRIMARY KEY ("project_id", "bucket_start", "model")
);

-- CreateTable
CREATE TABLE "response_hourly_rollups" (
    "project_id" TEXT NOT NULL,
    "bucket_start" DATETIME NOT NULL,
    "model" TEXT NOT NULL,
    "response_count" INTEGER NOT NULL,
    "token_count" INTEGER NOT NULL,
    "flagged_count" INTEGER NOT NULL,
    "sum_avg_logprob" REAL NOT NULL,
    "avg_logprob_count" INTEGER NOT NULL,

    PRIMARY KEY ("project_id", "bucket_start", "model")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updated_at" DATETIME NOT NULL
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
