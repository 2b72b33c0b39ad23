-- Classification tasks (a label set scored on the responses of a tag), their per-response label
-- scores and the uploaded ground truth (lib/classification/).
CREATE TABLE "classification_tasks" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "labels" JSON NOT NULL,
    "tag" TEXT NOT NULL,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "scoring_status" TEXT NOT NULL,
    "scan_cursor" INTEGER NOT NULL DEFAULT 0,
    "scored_count" INTEGER NOT NULL DEFAULT 0,
    "total_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "classification_tasks_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "classification_tasks_project_id_idx" ON "classification_tasks"("project_id");

ALTER TABLE "classification_tasks" ADD CONSTRAINT "classification_tasks_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "classification_scores" (
    "task_id" TEXT NOT NULL,
    "response_id" INTEGER NOT NULL,
    "external_id" TEXT,
    "occurred_at" BIGINT NOT NULL,
    "source" TEXT,
    "predicted" TEXT,
    "confidence" DOUBLE PRECISION,
    "log_margin" DOUBLE PRECISION,
    "entropy_bits" DOUBLE PRECISION,
    "label_logprobs" JSON,
    "probabilities" JSON,
    "floored" JSON,

    CONSTRAINT "classification_scores_pkey" PRIMARY KEY ("task_id","response_id")
);

CREATE INDEX "classification_scores_task_id_occurred_at_idx" ON "classification_scores"("task_id", "occurred_at");

CREATE INDEX "classification_scores_task_id_external_id_idx" ON "classification_scores"("task_id", "external_id");

ALTER TABLE "classification_scores" ADD CONSTRAINT "classification_scores_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "classification_tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "classification_truths" (
    "task_id" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "updated_at" BIGINT NOT NULL,

    CONSTRAINT "classification_truths_pkey" PRIMARY KEY ("task_id","external_id")
);

ALTER TABLE "classification_truths" ADD CONSTRAINT "classification_truths_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "classification_tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
