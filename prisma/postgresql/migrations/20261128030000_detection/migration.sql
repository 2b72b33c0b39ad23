-- Detector results (alerts) and per-project detector settings: issue 10.
CREATE TABLE "alerts" (
    "id" SERIAL NOT NULL,
    "project_id" TEXT NOT NULL,
    "detector" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "response_id" INTEGER,
    "model" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "value" DOUBLE PRECISION NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "evidence" JSON NOT NULL,
    "occurred_at" BIGINT NOT NULL,
    "created_at" BIGINT NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "status_changed_by" TEXT,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "alerts_project_id_detector_dedupe_key_key" ON "alerts"("project_id", "detector", "dedupe_key");
CREATE INDEX "alerts_project_id_occurred_at_idx" ON "alerts"("project_id", "occurred_at");
CREATE INDEX "alerts_project_id_status_occurred_at_idx" ON "alerts"("project_id", "status", "occurred_at");
CREATE INDEX "alerts_response_id_idx" ON "alerts"("response_id");

CREATE TABLE "detector_settings" (
    "project_id" TEXT NOT NULL,
    "detector" TEXT NOT NULL,
    "tag" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "thresholds" JSON,
    "updated_at" BIGINT NOT NULL,
    "updated_by" TEXT,

    CONSTRAINT "detector_settings_pkey" PRIMARY KEY ("project_id", "detector", "tag")
);
