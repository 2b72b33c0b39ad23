import { ApiError } from "@/lib/api/errors";
import { jsonBody, sessionRoute } from "@/lib/api/sessionRoute";
import { createProvider, createProviderSchema } from "@/lib/providers/providerAdmin";
import { listProviders } from "@/lib/providers/registry";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const INSTANCE_ADMINS_ONLY = "only instance admins manage providers";

/** GET /api/v1/providers: every provider (built-in, env, Settings) with its limits; never a key. Instance admins. */
export const GET = sessionRoute(async (_request, { db, user }) => {
  if (!user.isAdmin) throw new ApiError(403, "forbidden", INSTANCE_ADMINS_ONLY);
  return Response.json({ data: await listProviders(db) });
});

/** POST /api/v1/providers {id, baseURL, preset?, label?, apiKey?, models?, limits?}: adds a provider; the key is stored encrypted. */
export const POST = sessionRoute(async (request, { db, user, actor }) => {
  if (!user.isAdmin) throw new ApiError(403, "forbidden", INSTANCE_ADMINS_ONLY);
  const input = await jsonBody(request, createProviderSchema);
  return Response.json(await createProvider(db, input, actor), { status: 201 });
});
