import { env } from "@/lib/config/env";
import { generateApiKey, hashApiKey, insertApiKey } from "@/lib/auth/apiKeys";
import type { SqliteDatabase } from "./sqlite";

export const DEFAULT_PROJECT_ID = "default";
export const DEMO_PROJECT_ID = "demo";
/** Settings key holding the generated default key, so the settings page can show it (README, "API keys"). */
export const GENERATED_KEY_SETTING = "default_api_key";

export interface BootstrapResult {
  projectId: string;
  /** The default key in plain text when it was generated now (print it once). */
  generatedKey: string | null;
  keySource: "env" | "generated";
}

/**
 * Makes sure the default project and its key exist. `LOUPE_API_KEY` wins when set (added,
 * idempotently, as a key of the default project); otherwise a key is generated at first start.
 */
export function ensureDefaultProject(db: SqliteDatabase): BootstrapResult {
  const now = Date.now();
  db.prepare(`INSERT OR IGNORE INTO projects (id, name, is_demo, created_at) VALUES (?, 'Default', 0, ?)`).run(
    DEFAULT_PROJECT_ID,
    now,
  );
  const envKey = env().LOUPE_API_KEY;
  if (envKey) {
    const known = db.prepare(`SELECT 1 FROM api_keys WHERE key_hash = ?`).get(hashApiKey(envKey));
    if (!known) insertApiKey(db, DEFAULT_PROJECT_ID, envKey, "LOUPE_API_KEY", ["ingest", "read"]);
    return { projectId: DEFAULT_PROJECT_ID, generatedKey: null, keySource: "env" };
  }
  const existing = db.prepare(`SELECT value FROM settings WHERE key = ?`).get(GENERATED_KEY_SETTING);
  if (existing) return { projectId: DEFAULT_PROJECT_ID, generatedKey: null, keySource: "generated" };
  const key = generateApiKey();
  db.transaction(() => {
    insertApiKey(db, DEFAULT_PROJECT_ID, key, "default (generated)", ["ingest", "read"]);
    db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)`).run(GENERATED_KEY_SETTING, key, now);
  })();
  return { projectId: DEFAULT_PROJECT_ID, generatedKey: key, keySource: "generated" };
}

/** The generated default key, while it is still active (a revoked key is not shown). */
export function generatedDefaultKey(db: SqliteDatabase): string | null {
  const row = db.prepare(`SELECT value FROM settings WHERE key = ?`).get(GENERATED_KEY_SETTING) as { value: string } | undefined;
  if (!row) return null;
  const active = db.prepare(`SELECT 1 FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL`).get(hashApiKey(row.value));
  return active ? row.value : null;
}
