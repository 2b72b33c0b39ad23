-- Providers added by instance admins on the Settings page (README, "Providers"). The upstream
-- key is stored encrypted (AES-256-GCM under LOUPE_SECRET_KEY, lib/providers/secretBox.ts), never
-- in plain text; `models` and `limits` are JSON text (a list of model names, limit overrides).
-- CreateTable
CREATE TABLE "providers" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "label" TEXT NOT NULL,
    "preset" TEXT NOT NULL,
    "base_url" TEXT NOT NULL,
    "api_key_encrypted" TEXT,
    "models" JSONB,
    "limits" JSONB,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);

-- How many alternatives per token the logging proxy asks for when the caller did not ask
-- (README, "Logging proxy"), per project.
ALTER TABLE "projects" ADD COLUMN "proxy_top_logprobs" INTEGER NOT NULL DEFAULT 5;
