import { ApiError } from "@/lib/api/errors";
import { audit, type Actor } from "@/lib/audit/auditLog";
import { generateApiKey, insertApiKey, type ApiKeyScope } from "@/lib/auth/apiKeys";
import type { DataLayer } from "@/lib/db/database";

/** API keys of a project for the settings page: never the key, only its prefix. */
export async function listApiKeys(db: DataLayer, projectId: string) {
  const rows = await db
    .selectFrom("api_keys")
    .select(["id", "name", "prefix", "scopes", "created_at as createdAt", "last_used_at as lastUsedAt", "revoked_at as revokedAt"])
    .where("project_id", "=", projectId)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map((row) => ({
    ...row,
    scopes: row.scopes.split(","),
    createdAt: new Date(row.createdAt).toISOString(),
    lastUsedAt: row.lastUsedAt ? new Date(row.lastUsedAt).toISOString() : null,
    revokedAt: row.revokedAt ? new Date(row.revokedAt).toISOString() : null,
  }));
}

/** Creates a key and returns it in plain text: the only time it is ever shown. */
export async function createApiKey(db: DataLayer, projectId: string, name: string, scopes: ApiKeyScope[], actor: Actor) {
  const key = generateApiKey();
  const id = await insertApiKey(db, projectId, key, name, scopes);
  await audit(db, actor, "api_key.created", projectId, { id, name, scopes, prefix: key.slice(0, 8) });
  return { id, key };
}

export async function revokeApiKey(db: DataLayer, projectId: string, keyId: string, actor: Actor): Promise<void> {
  const result = await db
    .updateTable("api_keys")
    .set({ revoked_at: Date.now() })
    .where("id", "=", keyId)
    .where("project_id", "=", projectId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new ApiError(404, "not_found", `no active key ${keyId} in this project`);
  await audit(db, actor, "api_key.revoked", projectId, { id: keyId });
}
