import { ApiError } from "@/lib/api/errors";
import { sqlite } from "@/lib/db/sqlite";
import { findApiKey, type ApiKeyScope, type AuthorizedKey } from "./apiKeys";

/** Authorizes a request by its `Authorization: Bearer <key>` header; 401 without a valid key, 403 without the scope. */
export function requireApiKey(request: Request, scope: ApiKeyScope): AuthorizedKey {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw new ApiError(401, "unauthorized", "missing API key: send `Authorization: Bearer <key>`", undefined, {
      "WWW-Authenticate": "Bearer",
    });
  }
  const key = findApiKey(sqlite(), match[1]);
  if (!key) throw new ApiError(401, "unauthorized", "invalid or revoked API key", undefined, { "WWW-Authenticate": "Bearer" });
  if (!key.scopes.includes(scope)) throw new ApiError(403, "forbidden", `this key lacks the \`${scope}\` scope`);
  return key;
}
