import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { resetIngestRateLimit } from "@/lib/api/rateLimit";
import { apiKeyPrefix, hashApiKey } from "@/lib/auth/apiKeys";
import { resetEnvCache } from "@/lib/config/env";
import { DEFAULT_PROJECT_ID, ensureDefaultProject } from "@/lib/db/bootstrap";
import { db as dataLayer } from "@/lib/db/database";
import { migrate } from "@/lib/db/migrate";
import { closeSqlite, sqlite } from "@/lib/db/sqlite";

/** A fresh, migrated SQLite database in a temp dir, wired in through DATABASE_URL like production. */
export function useTestDatabase(options: { apiKey?: string; maxBodyBytes?: number; ingestRatePerMinute?: number } = {}) {
  const savedRate = process.env.LOUPE_INGEST_RATE_PER_MINUTE;
  /**
   * Sets the ingest rate limit (per key and minute) for the rest of the test file, every key's
   * bucket full again (the buckets live in the database: lib/api/rateLimit.ts).
   */
  const setIngestRate = (perMinute: number) => {
    process.env.LOUPE_INGEST_RATE_PER_MINUTE = String(perMinute);
    resetEnvCache();
    if (process.env.DATABASE_URL?.startsWith("file:")) sqlite().prepare(`DELETE FROM ingest_rate_buckets`).run();
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-test-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
  process.env.LOUPE_API_KEY = options.apiKey ?? "test-key-0123456789abcdef";
  if (options.maxBodyBytes) process.env.LOUPE_MAX_BODY_BYTES = String(options.maxBodyBytes);
  else delete process.env.LOUPE_MAX_BODY_BYTES;
  resetEnvCache();
  const db = sqlite();
  migrate(db);
  ensureDefaultProject(db);
  if (options.ingestRatePerMinute !== undefined) setIngestRate(options.ingestRatePerMinute);
  return {
    db,
    apiKey: process.env.LOUPE_API_KEY,
    setIngestRate,
    cleanup() {
      if (savedRate === undefined) delete process.env.LOUPE_INGEST_RATE_PER_MINUTE;
      else process.env.LOUPE_INGEST_RATE_PER_MINUTE = savedRate;
      resetEnvCache();
      closeSqlite();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface IngestTestOptions {
  apiKey?: string;
  maxBodyBytes?: number;
  ingestRatePerMinute?: number;
}

/**
 * The async counterpart of useTestDatabase for suites under describeEachBackend
 * (tests/backends.ts), which provides the migrated database: sets LOUPE_API_KEY, the body and
 * ingest-rate limits for the suite, and creates the default project with that key (ingest and
 * read scopes) on the suite's database, SQLite or PostgreSQL. Restores the env afterwards.
 */
export function useIngestTestSetup(options: IngestTestOptions = {}) {
  const apiKey = options.apiKey ?? "test-key-0123456789abcdef";
  const saved = {
    LOUPE_API_KEY: process.env.LOUPE_API_KEY,
    LOUPE_MAX_BODY_BYTES: process.env.LOUPE_MAX_BODY_BYTES,
    LOUPE_INGEST_RATE_PER_MINUTE: process.env.LOUPE_INGEST_RATE_PER_MINUTE,
  };
  /** Sets the ingest rate limit (per key and minute) for the rest of the suite, every key's bucket full again. */
  const setIngestRate = async (perMinute: number) => {
    process.env.LOUPE_INGEST_RATE_PER_MINUTE = String(perMinute);
    resetEnvCache();
    await resetIngestRateLimit();
  };
  beforeAll(async () => {
    process.env.LOUPE_API_KEY = apiKey;
    if (options.maxBodyBytes) process.env.LOUPE_MAX_BODY_BYTES = String(options.maxBodyBytes);
    else delete process.env.LOUPE_MAX_BODY_BYTES;
    if (options.ingestRatePerMinute !== undefined) process.env.LOUPE_INGEST_RATE_PER_MINUTE = String(options.ingestRatePerMinute);
    resetEnvCache();
    const layer = dataLayer();
    await layer.insertInto("projects").values({ id: DEFAULT_PROJECT_ID, name: "Default", is_demo: false, created_at: Date.now() })
      .onConflict((oc) => oc.column("id").doNothing()).execute();
    await layer.insertInto("api_keys").values({
      id: crypto.randomUUID(), project_id: DEFAULT_PROJECT_ID, name: "LOUPE_API_KEY", prefix: apiKeyPrefix(apiKey),
      key_hash: hashApiKey(apiKey), scopes: "ingest,read", created_at: Date.now(),
    }).execute();
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  });
  return { apiKey, setIngestRate };
}
