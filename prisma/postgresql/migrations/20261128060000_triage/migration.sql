-- Triage verdicts, threshold re-apply jobs and webhooks with their delivery queue: issue 10, part 2.
CREATE TABLE "response_verdicts" (
    "response_id" INTEGER NOT NULL,
    "project_id" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "note" TEXT,
    "hallucination_score" INTEGER,
    "judged_by" TEXT NOT NULL,
    "judged_at" BIGINT NOT NULL,

    CONSTRAINT "response_verdicts_pkey" PRIMARY KEY ("response_id")
);

CREATE INDEX "response_verdicts_project_id_judged_at_idx" ON "response_verdicts"("project_id", "judged_at");

CREATE TABLE "threshold_jobs" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "days" INTEGER NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "raised" INTEGER NOT NULL DEFAULT 0,
    "cleared" INTEGER NOT NULL DEFAULT 0,
    "last_response_id" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "finished_at" BIGINT,

    CONSTRAINT "threshold_jobs_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "threshold_jobs_status_created_at_idx" ON "threshold_jobs"("status", "created_at");
CREATE INDEX "threshold_jobs_project_id_created_at_idx" ON "threshold_jobs"("project_id", "created_at");

CREATE TABLE "webhooks" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret_encrypted" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "last_alert_id" INTEGER NOT NULL DEFAULT 0,
    "created_by" TEXT,
    "created_at" BIGINT NOT NULL,

    CONSTRAINT "webhooks_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "webhooks_project_id_idx" ON "webhooks"("project_id");

CREATE TABLE "webhook_deliveries" (
    "id" SERIAL NOT NULL,
    "webhook_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "alert_id" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" BIGINT NOT NULL,
    "last_attempt_at" BIGINT,
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "created_at" BIGINT NOT NULL,
    "delivered_at" BIGINT,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "webhook_deliveries_webhook_id_alert_id_key" ON "webhook_deliveries"("webhook_id", "alert_id");
CREATE INDEX "webhook_deliveries_status_next_attempt_at_idx" ON "webhook_deliveries"("status", "next_attempt_at");
CREATE INDEX "webhook_deliveries_webhook_id_created_at_idx" ON "webhook_deliveries"("webhook_id", "created_at");
