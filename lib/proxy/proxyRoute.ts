import { ApiError, withErrors } from "@/lib/api/errors";
import { readBodyText } from "@/lib/api/readBody";
import { env } from "@/lib/config/env";
import { db as dataLayer } from "@/lib/db/database";
import type { ProxyEndpoint } from "./logprobInjection";
import { proxyCompletion } from "./logProxy";
import { authorizeProxyCaller } from "./proxyAuth";

/** The two proxy routes' shared handler: authorize, read the JSON body (size-capped), proxy. */
export function proxyRouteHandler(endpoint: ProxyEndpoint) {
  return withErrors(async (request: Request, context: { params: Promise<{ providerId: string }> }) => {
    const { providerId } = await context.params;
    const db = dataLayer();
    const caller = await authorizeProxyCaller(db, request);
    const text = await readBodyText(request, env().LOUPE_MAX_BODY_BYTES);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError(400, "invalid_json", "body is not valid JSON");
    }
    return proxyCompletion({ db, caller, providerId, endpoint, body, signal: request.signal });
  });
}
