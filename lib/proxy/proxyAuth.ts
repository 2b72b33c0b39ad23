import { ApiError } from "@/lib/api/errors";
import { findApiKey } from "@/lib/auth/apiKeys";
import type { DataLayer } from "@/lib/db/database";

export interface ProxyCaller {
  projectId: string;
  keyId: string;
  /** The caller's own upstream key (sent as Bearer next to a `Loupe-Key`), else null: the provider's configured key is used. */
  upstreamKey: string | null;
}

function bearer(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

/**
 * The logging proxy's two ways in (README, "Logging proxy"): the project's Loupe key as the
 * Bearer token, or the caller's own upstream key as the Bearer token plus the Loupe key in a
 * `Loupe-Key` header. The Loupe key needs the `ingest` scope (the proxy records what passes).
 */
export async function authorizeProxyCaller(db: DataLayer, request: Request): Promise<ProxyCaller> {
  const loupeHeader = request.headers.get("loupe-key")?.trim() || null;
  const token = bearer(request);
  const loupeKey = loupeHeader ?? token;
  if (!loupeKey) {
    throw new ApiError(401, "unauthorized", "missing Loupe key: send `Authorization: Bearer <Loupe key>`, or your provider key as Bearer and the Loupe key in `Loupe-Key`", undefined, {
      "WWW-Authenticate": "Bearer",
    });
  }
  const key = await findApiKey(db, loupeKey);
  if (!key) {
    const which = loupeHeader ? "the Loupe-Key header" : "the Bearer token";
    throw new ApiError(401, "unauthorized", `invalid or revoked Loupe key in ${which}`, undefined, { "WWW-Authenticate": "Bearer" });
  }
  if (!key.scopes.includes("ingest")) throw new ApiError(403, "forbidden", "this Loupe key lacks the `ingest` scope the proxy needs to record");
  return { projectId: key.projectId, keyId: key.keyId, upstreamKey: loupeHeader ? token : null };
}
