-- Detector results (alerts) and per-project detector settings: issue 10.
CREATE TABLE "alerts" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" TEXT NOT NULL,
    "detector" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "response_id" INTEGER,
    "model" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "value" REAL NOT NULL,
    "threshold" REAL NOT NULL,
    "evidence" JSONB NOT NULL,
    "occurred_at" DATETIME NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "status_changed_by" TEXT
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
    "thresholds" JSONB,
    "updated_at" DATETIME NOT NULL,
    "updated_by" TEXT,

    PRIMARY KEY ("project_id", "detector", "tag")
);
