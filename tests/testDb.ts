import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { resetEnvCache } from "@/lib/config/env";
import { ensureDefaultProject } from "@/lib/db/bootstrap";
import { migrate } from "@/lib/db/migrate";
import { closeSqlite, sqlite } from "@/lib/db/sqlite";

/** A fresh, migrated SQLite database in a temp dir, wired in through DATABASE_URL like production. */
export function useTestDatabase(options: { apiKey?: string; maxBodyBytes?: number } = {}) {
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
    cleanup() {
      closeSqlite();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
