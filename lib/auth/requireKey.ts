import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db/database";
import { findApiKey, type ApiKeyScope, type AuthorizedKey } from "./apiKeys";

/** Authorizes a request by its `Authorization: Bearer <key>` header; 401 without a valid key, 403 without the scope. */
export async function requireApiKey(request: Request, scope: ApiKeyScope): Promise<AuthorizedKey> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw new ApiError(401, "unauthorized", "missing API key: send `Authorization: Bearer <key>`", undefined, {
      "WWW-Authenticate": "Bearer",
    });
  }
  const key = await findApiKey(db(), match[1]);
  if (!key) throw new ApiError(401, "unauthorized", "invalid or revoked API key", undefined, { "WWW-Authenticate": "Bearer" });
  if (!key.scopes.includes(scope)) throw new ApiError(403, "forbidden", `this key lacks the \`${scope}\` scope`);
  return key;
}
