import crypto from "node:crypto";
import type { DataLayer } from "@/lib/db/database";

export type ApiKeyScope = "ingest" | "read";

export interface AuthorizedKey {
  keyId: string;
  projectId: string;
  scopes: ApiKeyScope[];
}

export function generateApiKey(): string {
  return `lp_${crypto.randomBytes(24).toString("base64url")}`;
}

export function hashApiKey(key: string): string {
  return crypto.createHash("sha256").update(key).digest("hex");
}

/** Visible prefix so users can tell keys apart without the secret. */
export function apiKeyPrefix(key: string): string {
  return key.slice(0, 8);
}

export async function insertApiKey(db: DataLayer, projectId: string, key: string, name: string, scopes: ApiKeyScope[]): Promise<string> {
  const id = crypto.randomUUID();
  await db
    .insertInto("api_keys")
    .values({ id, project_id: projectId, name, prefix: apiKeyPrefix(key), key_hash: hashApiKey(key), scopes: scopes.join(","), created_at: Date.now() })
    .execute();
  return id;
}

const LAST_USED_RESOLUTION_MS = 60_000;
const lastUsedWritten = new Map<string, number>();

/** Looks a bearer key up by its hash; null when unknown or revoked. Updates last-used at most once a minute. */
export async function findApiKey(db: DataLayer, key: string): Promise<AuthorizedKey | null> {
  const row = await db
    .selectFrom("api_keys")
    .select(["id", "project_id as projectId", "scopes"])
    .where("key_hash", "=", hashApiKey(key))
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  const now = Date.now();
  if (now - (lastUsedWritten.get(row.id) ?? 0) > LAST_USED_RESOLUTION_MS) {
    lastUsedWritten.set(row.id, now);
    await db.updateTable("api_keys").set({ last_used_at: now }).where("id", "=", row.id).execute();
  }
  return { keyId: row.id, projectId: row.projectId, scopes: row.scopes.split(",") as ApiKeyScope[] };
}
