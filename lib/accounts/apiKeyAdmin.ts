import { ApiError } from "@/lib/api/errors";
import { audit, type Actor } from "@/lib/audit/auditLog";
import { generateApiKey, insertApiKey, type ApiKeyScope } from "@/lib/auth/apiKeys";
import type { SqliteDatabase } from "@/lib/db/sqlite";

/** API keys of a project for the settings page: never the key, only its prefix. */
export function listApiKeys(db: SqliteDatabase, projectId: string) {
  const rows = db
    .prepare(
      `SELECT id, name, prefix, scopes, created_at AS createdAt, last_used_at AS lastUsedAt, revoked_at AS revokedAt
       FROM api_keys WHERE project_id = ? ORDER BY created_at DESC`,
    )
    .all(projectId) as Array<{ id: string; name: string; prefix: string; scopes: string; createdAt: number; lastUsedAt: number | null; revokedAt: number | null }>;
  return rows.map((row) => ({
    ...row,
    scopes: row.scopes.split(","),
    createdAt: new Date(row.createdAt).toISOString(),
    lastUsedAt: row.lastUsedAt ? new Date(row.lastUsedAt).toISOString() : null,
    revokedAt: row.revokedAt ? new Date(row.revokedAt).toISOString() : null,
  }));
}

/** Creates a key and returns it in plain text: the only time it is ever shown. */
export function createApiKey(db: SqliteDatabase, projectId: string, name: string, scopes: ApiKeyScope[], actor: Actor) {
  const key = generateApiKey();
  const id = insertApiKey(db, projectId, key, name, scopes);
  audit(db, actor, "api_key.created", projectId, { id, name, scopes, prefix: key.slice(0, 8) });
  return { id, key };
}

export function revokeApiKey(db: SqliteDatabase, projectId: string, keyId: string, actor: Actor): void {
  const result = db.prepare(`UPDATE api_keys SET revoked_at = ? WHERE id = ? AND project_id = ? AND revoked_at IS NULL`).run(Date.now(), keyId, projectId);
  if (result.changes === 0) throw new ApiError(404, "not_found", `no active key ${keyId} in this project`);
  audit(db, actor, "api_key.revoked", projectId, { id: keyId });
}
