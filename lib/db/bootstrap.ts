import { env } from "@/lib/config/env";
import crypto from "node:crypto";
import { apiKeyPrefix, generateApiKey, hashApiKey, insertApiKey } from "@/lib/auth/apiKeys";
import type { DataLayer } from "./database";

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
 * Instances starting together on one database agree: the setting's primary key lets one
 * generated key win, and the others keep it.
 */
export async function ensureDefaultProject(db: DataLayer): Promise<BootstrapResult> {
  const now = Date.now();
  await db
    .insertInto("projects")
    .values({ id: DEFAULT_PROJECT_ID, name: "Default", is_demo: false, created_at: now })
    .onConflict((conflict) => conflict.column("id").doNothing())
    .execute();
  const envKey = env().LOUPE_API_KEY;
  if (envKey) {
    // One insert that a second instance starting at once skips (key_hash is unique), not check-then-insert.
    await db
      .insertInto("api_keys")
      .values({ id: crypto.randomUUID(), project_id: DEFAULT_PROJECT_ID, name: "LOUPE_API_KEY", prefix: apiKeyPrefix(envKey), key_hash: hashApiKey(envKey), scopes: "ingest,read", created_at: now })
      .onConflict((conflict) => conflict.column("key_hash").doNothing())
      .execute();
    return { projectId: DEFAULT_PROJECT_ID, generatedKey: null, keySource: "env" };
  }
  const existing = await db.selectFrom("settings").select("value").where("key", "=", GENERATED_KEY_SETTING).executeTakeFirst();
  if (existing) return { projectId: DEFAULT_PROJECT_ID, generatedKey: null, keySource: "generated" };
  const key = generateApiKey();
  const generated = await db.transaction().execute(async (trx) => {
    const setting = await trx
      .insertInto("settings")
      .values({ key: GENERATED_KEY_SETTING, value: key, updated_at: now })
      .onConflict((conflict) => conflict.column("key").doNothing())
      .executeTakeFirst();
    // Another instance starting on the same database generated the key first: keep theirs.
    if (Number(setting.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    await insertApiKey(trx, DEFAULT_PROJECT_ID, key, "default (generated)", ["ingest", "read"]);
    return true;
  });
  return { projectId: DEFAULT_PROJECT_ID, generatedKey: generated ? key : null, keySource: "generated" };
}

/** The generated default key, while it is still active (a revoked key is not shown). */
export async function generatedDefaultKey(db: DataLayer): Promise<string | null> {
  const row = await db.selectFrom("settings").select("value").where("key", "=", GENERATED_KEY_SETTING).executeTakeFirst();
  if (!row) return null;
  const active = await db.selectFrom("api_keys").select("id").where("key_hash", "=", hashApiKey(row.value)).where("revoked_at", "is", null).executeTakeFirst();
  return active ? row.value : null;
}
