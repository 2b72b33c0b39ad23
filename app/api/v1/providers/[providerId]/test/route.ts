import { ApiError } from "@/lib/api/errors";
import { sessionRoute } from "@/lib/api/sessionRoute";
import { testProviderConnection } from "@/lib/providers/testConnection";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { providerId: string };

/**
 * POST /api/v1/providers/{id}/test: lists the provider's models through the SDK. 200 with
 * `{ok: true, models}` or `{ok: false, reason: down|timeout|unauthorized|upstream, message}`. Instance admins.
 */
export const POST = sessionRoute<Params>(async (_request, { db, user, params }) => {
  if (!user.isAdmin) throw new ApiError(403, "forbidden", "only instance admins manage providers");
  return Response.json(await testProviderConnection(db, params.providerId));
});
