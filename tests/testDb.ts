import crypto from "node:crypto";
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
import { closeSqlite, sqlite, type SqliteDatabase } from "@/lib/db/sqlite";

const TEST_API_KEY = "test-key-0123456789abcdef";

interface TestDatabaseOptions {
  apiKey?: string;
  maxBodyBytes?: number;
  ingestRatePerMinute?: number;
}

/** Sets LOUPE_API_KEY, LOUPE_MAX_BODY_BYTES and the ingest rate as a test file asks; returns what restores them. */
function applyTestEnv(options: TestDatabaseOptions) {
  const saved = { rate: process.env.LOUPE_INGEST_RATE_PER_MINUTE, key: process.env.LOUPE_API_KEY, body: process.env.LOUPE_MAX_BODY_BYTES };
  /**
   * Sets the ingest rate limit (per key and minute) for the rest of the test file, every key's
   * bucket full again where the database is SQLite and already there (the buckets live in the
   * database: lib/api/rateLimit.ts; async suites empty them with resetIngestRateLimit).
   */
  const setIngestRate = (perMinute: number) => {
    process.env.LOUPE_INGEST_RATE_PER_MINUTE = String(perMinute);
    resetEnvCache();
    clearSqliteRateBuckets();
  };
  if (options.ingestRatePerMinute !== undefined) setIngestRate(options.ingestRatePerMinute);
  process.env.LOUPE_API_KEY = options.apiKey ?? TEST_API_KEY;
  if (options.maxBodyBytes) process.env.LOUPE_MAX_BODY_BYTES = String(options.maxBodyBytes);
  else delete process.env.LOUPE_MAX_BODY_BYTES;
  resetEnvCache();
  const restore = () => {
    for (const [name, value] of [
      ["LOUPE_INGEST_RATE_PER_MINUTE", saved.rate],
      ["LOUPE_API_KEY", saved.key],
      ["LOUPE_MAX_BODY_BYTES", saved.body],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  };
  return { apiKey: process.env.LOUPE_API_KEY, setIngestRate, restore };
}

/**
 * The default project and the LOUPE_API_KEY key, written synchronously through better-sqlite3
 * (what ensureDefaultProject does, which is async now): useTestDatabase stays synchronous for the
 * suites that call it.
 */
/** Empties the ingest rate buckets of the current SQLite test database, when it exists and is migrated. */
function clearSqliteRateBuckets(): void {
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith("file:") || !fs.existsSync(url.slice("file:".length))) return;
  const table = sqlite().prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ingest_rate_buckets'`).get();
  if (table) sqlite().prepare(`DELETE FROM ingest_rate_buckets`).run();
}

function ensureDefaultProjectNow(db: SqliteDatabase, apiKey: string): void {
  const now = Date.now();
  db.prepare(`INSERT OR IGNORE INTO projects (id, name, is_demo, created_at) VALUES (?, 'Default', 0, ?)`).run(DEFAULT_PROJECT_ID, now);
  db.prepare(`INSERT INTO api_keys (id, project_id, name, prefix, key_hash, scopes, created_at) VALUES (?, ?, 'LOUPE_API_KEY', ?, ?, 'ingest,read', ?)`).run(
    crypto.randomUUID(),
    DEFAULT_PROJECT_ID,
    apiKeyPrefix(apiKey),
    hashApiKey(apiKey),
    now,
  );
}

/** A fresh, migrated SQLite database in a temp dir, wired in through DATABASE_URL like production. */
export function useTestDatabase(options: TestDatabaseOptions = {}) {
  const testEnv = applyTestEnv(options);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-test-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
  resetEnvCache();
  const db = sqlite();
  migrate(db);
  ensureDefaultProjectNow(db, testEnv.apiKey as string);
  return {
    db,
    apiKey: testEnv.apiKey,
    setIngestRate: testEnv.setIngestRate,
    cleanup() {
      testEnv.restore();
      closeSqlite();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * For suites under describeEachBackend (tests/backends.ts), which provides the migrated
 * database: call it in the suite's callback. Before the suite's tests it sets LOUPE_API_KEY and
 * the body and ingest-rate limits asked for, ensures the default project and its key (scopes
 * ingest and read) on that backend through the data layer, and fills every rate bucket; after
 * them it restores the environment.
 */
export function useTestAccounts(options: TestDatabaseOptions = {}) {
  let testEnv: ReturnType<typeof applyTestEnv> | undefined;
  beforeAll(async () => {
    testEnv = applyTestEnv(options);
    await ensureDefaultProject(dataLayer());
    await resetIngestRateLimit(dataLayer());
  });
  afterAll(() => testEnv?.restore());
  return {
    apiKey: options.apiKey ?? TEST_API_KEY,
    /** Sets the ingest rate limit (per key and minute) for the rest of the suite, every key's bucket full again. */
    async setIngestRate(perMinute: number) {
      testEnv?.setIngestRate(perMinute);
      await resetIngestRateLimit(dataLayer());
    },
  };
}
