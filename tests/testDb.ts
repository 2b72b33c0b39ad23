import fs from "node:fs";
import { beforeAll } from "vitest";
import os from "node:os";
import path from "node:path";
import { resetIngestRateLimit } from "@/lib/api/rateLimit";
import { resetEnvCache } from "@/lib/config/env";
import { ensureDefaultProject } from "@/lib/db/bootstrap";
import { migrate } from "@/lib/db/migrate";
import { closeSqlite, sqlite } from "@/lib/db/sqlite";
import type { TestBackend } from "./backends";

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

/**
 * Why the PostgreSQL half of the API suites is skipped on this branch: they seed through
 * ingestRecords and authorize through requireReader, both still synchronous SQLite code.
 */
export const NEEDS_ASYNC_INGEST_AND_AUTH = "needs async ingest (h8-convwrite) and async auth (requireReader, bootstrap)";

export interface ApiDatabaseOptions {
  apiKey?: string;
  maxBodyBytes?: number;
  ingestRatePerMinute?: number;
}

/**
 * The API half of useTestDatabase for a describeEachBackend suite: once the suite's database is
 * set (a beforeAll after describeEachBackend's), sets LOUPE_API_KEY, the body and ingest-rate
 * limits (from a fresh limiter) and makes sure the default project and its key exist. The
 * environment is restored by the returned `restore()` (call it in afterAll).
 */
export function useApiDatabase(backend: TestBackend, options: ApiDatabaseOptions = {}) {
  const apiKey = options.apiKey ?? "test-key-0123456789abcdef";
  const saved = { key: process.env.LOUPE_API_KEY, body: process.env.LOUPE_MAX_BODY_BYTES, rate: process.env.LOUPE_INGEST_RATE_PER_MINUTE };
  const restoreEnv = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  beforeAll(async () => {
    process.env.LOUPE_API_KEY = apiKey;
    restoreEnv("LOUPE_MAX_BODY_BYTES", options.maxBodyBytes === undefined ? undefined : String(options.maxBodyBytes));
    restoreEnv("LOUPE_INGEST_RATE_PER_MINUTE", options.ingestRatePerMinute === undefined ? saved.rate : String(options.ingestRatePerMinute));
    resetEnvCache();
    resetIngestRateLimit();
    // The bootstrap is still synchronous SQLite code; the PostgreSQL half needs its async version.
    if (backend.backend !== "sqlite") throw new Error("useApiDatabase: the default project on PostgreSQL needs the async bootstrap");
    ensureDefaultProject(sqlite(backend.url));
  });
  return {
    apiKey,
    restore() {
      restoreEnv("LOUPE_API_KEY", saved.key);
      restoreEnv("LOUPE_MAX_BODY_BYTES", saved.body);
      restoreEnv("LOUPE_INGEST_RATE_PER_MINUTE", saved.rate);
      resetEnvCache();
      resetIngestRateLimit();
    },
  };
}
