-- Drift probes (README, "Drift probes"): probe sets, their runs, and each run's generations.
CREATE TABLE "probe_sets" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "prompts" JSON NOT NULL,
    "max_tokens" INTEGER NOT NULL,
    "temperature" DOUBLE PRECISION NOT NULL,
    "top_logprobs" INTEGER NOT NULL,
    "runs_per_prompt" INTEGER NOT NULL,
    "interval_minutes" INTEGER,
    "kl_threshold" DOUBLE PRECISION NOT NULL,
    "next_run_at" BIGINT,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,

    CONSTRAINT "probe_sets_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "probe_sets_project_id_created_at_idx" ON "probe_sets"("project_id", "created_at");
CREATE INDEX "probe_sets_next_run_at_idx" ON "probe_sets"("next_run_at");

CREATE TABLE "probe_runs" (
    "id" SERIAL NOT NULL,
    "probe_set_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "is_baseline" BOOLEAN NOT NULL DEFAULT false,
    "mean_kl" DOUBLE PRECISION,
    "mean_entropy_shift" DOUBLE PRECISION,
    "argmax_changed_share" DOUBLE PRECISION,
    "alert_raised" BOOLEAN NOT NULL DEFAULT false,
    "alert_id" INTEGER,
    "comparison" JSON,
    "error" TEXT,
    "started_at" BIGINT NOT NULL,
    "finished_at" BIGINT NOT NULL,

    CONSTRAINT "probe_runs_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "probe_runs_probe_set_id_started_at_idx" ON "probe_runs"("probe_set_id", "started_at");

CREATE TABLE "probe_samples" (
    "run_id" INTEGER NOT NULL,
    "prompt_index" INTEGER NOT NULL,
    "repeat_index" INTEGER NOT NULL,
    "output_text" TEXT NOT NULL,
    "tokens_blob" BYTEA NOT NULL,

    CONSTRAINT "probe_samples_pkey" PRIMARY KEY ("run_id", "prompt_index", "repeat_index")
);

ALTER TABLE "probe_runs" ADD CONSTRAINT "probe_runs_probe_set_id_fkey" FOREIGN KEY ("probe_set_id") REFERENCES "probe_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "probe_samples" ADD CONSTRAINT "probe_samples_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "probe_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
