import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { resetIngestRateLimit } from "@/lib/api/rateLimit";
import { resetEnvCache } from "@/lib/config/env";
import { ensureDefaultProject } from "@/lib/db/bootstrap";
import { migrate } from "@/lib/db/migrate";
import { closeSqlite, sqlite } from "@/lib/db/sqlite";

/** A fresh, migrated SQLite database in a temp dir, wired in through DATABASE_URL like production. */
export function useTestDatabase(options: { apiKey?: string; maxBodyBytes?: number; ingestRatePerMinute?: number } = {}) {
  const savedRate = process.env.LOUPE_INGEST_RATE_PER_MINUTE;
  /** Sets the ingest rate limit (per key and minute) for the rest of the test file, from a fresh limiter. */
  const setIngestRate = (perMinute: number) => {
    process.env.LOUPE_INGEST_RATE_PER_MINUTE = String(perMinute);
    resetEnvCache();
    resetIngestRateLimit();
  };
  if (options.ingestRatePerMinute !== undefined) setIngestRate(options.ingestRatePerMinute);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-test-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
  process.env.LOUPE_API_KEY = options.apiKey ?? "test-key-0123456789abcdef";
  if (options.maxBodyBytes) process.env.LOUPE_MAX_BODY_BYTES = String(options.maxBodyBytes);
  else delete process.env.LOUPE_MAX_BODY_BYTES;
  resetEnvCache();
  const db = sqlite();
  migrate(db);
  ensureDefaultProject(db);
  return {
    db,
    apiKey: process.env.LOUPE_API_KEY,
    setIngestRate,
    cleanup() {
      if (savedRate === undefined) delete process.env.LOUPE_INGEST_RATE_PER_MINUTE;
      else process.env.LOUPE_INGEST_RATE_PER_MINUTE = savedRate;
      resetEnvCache();
      resetIngestRateLimit();
      closeSqlite();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
