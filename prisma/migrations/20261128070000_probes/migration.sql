-- Drift probes (README, "Drift probes"): probe sets, their runs, and each run's generations.
CREATE TABLE "probe_sets" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "prompts" JSONB NOT NULL,
    "max_tokens" INTEGER NOT NULL,
    "temperature" REAL NOT NULL,
    "top_logprobs" INTEGER NOT NULL,
    "runs_per_prompt" INTEGER NOT NULL,
    "interval_minutes" INTEGER,
    "kl_threshold" REAL NOT NULL,
    "next_run_at" DATETIME,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);

CREATE INDEX "probe_sets_project_id_created_at_idx" ON "probe_sets"("project_id", "created_at");
CREATE INDEX "probe_sets_next_run_at_idx" ON "probe_sets"("next_run_at");

CREATE TABLE "probe_runs" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "probe_set_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "is_baseline" BOOLEAN NOT NULL DEFAULT false,
    "mean_kl" REAL,
    "mean_entropy_shift" REAL,
    "argmax_changed_share" REAL,
    "alert_raised" BOOLEAN NOT NULL DEFAULT false,
    "alert_id" INTEGER,
    "comparison" JSONB,
    "error" TEXT,
    "started_at" DATETIME NOT NULL,
    "finished_at" DATETIME NOT NULL,
    CONSTRAINT "probe_runs_probe_set_id_fkey" FOREIGN KEY ("probe_set_id") REFERENCES "probe_sets" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "probe_runs_probe_set_id_started_at_idx" ON "probe_runs"("probe_set_id", "started_at");

CREATE TABLE "probe_samples" (
    "run_id" INTEGER NOT NULL,
    "prompt_index" INTEGER NOT NULL,
    "repeat_index" INTEGER NOT NULL,
    "output_text" TEXT NOT NULL,
    "tokens_blob" BLOB NOT NULL,

    PRIMARY KEY ("run_id", "prompt_index", "repeat_index"),
    CONSTRAINT "probe_samples_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "probe_runs" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
