import crypto from "node:crypto";
import type { SqliteDatabase } from "@/lib/db/sqlite";

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

export function insertApiKey(
  db: SqliteDatabase,
  projectId: string,
  key: string,
  name: string,
  scopes: ApiKeyScope[],
): string {
  const id = crypto.randomUUID();
  db.prepare(
    `INSERT INTO api_keys (id, project_id, name, prefix, key_hash, scopes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, projectId, name, apiKeyPrefix(key), hashApiKey(key), scopes.join(","), Date.now());
  return id;
}

const LAST_USED_RESOLUTION_MS = 60_000;
const lastUsedWritten = new Map<string, number>();

/** Looks a bearer key up by its hash; null when unknown or revoked. Updates last-used at most once a minute. */
export function findApiKey(db: SqliteDatabase, key: string): AuthorizedKey | null {
  const row = db
    .prepare(`SELECT id, project_id AS projectId, scopes FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL`)
    .get(hashApiKey(key)) as { id: string; projectId: string; scopes: string } | undefined;
  if (!row) return null;
  const now = Date.now();
  if (now - (lastUsedWritten.get(row.id) ?? 0) > LAST_USED_RESOLUTION_MS) {
    lastUsedWritten.set(row.id, now);
    db.prepare(`UPDATE api_keys SET last_used_at = ? WHERE id = ?`).run(now, row.id);
  }
  return { keyId: row.id, projectId: row.projectId, scopes: row.scopes.split(",") as ApiKeyScope[] };
}
