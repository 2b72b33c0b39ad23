import { ApiError } from "@/lib/api/errors";
import { jsonBody, sessionRoute } from "@/lib/api/sessionRoute";
import { deleteProvider, updateProvider, updateProviderSchema } from "@/lib/providers/providerAdmin";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { providerId: string };

/** PATCH /api/v1/providers/{id}: replaces a Settings provider's fields (apiKey absent keeps the key, null removes it). Instance admins. */
export const PATCH = sessionRoute<Params>(async (request, { db, user, params, actor }) => {
  if (!user.isAdmin) throw new ApiError(403, "forbidden", "only instance admins manage providers");
  const input = await jsonBody(request, updateProviderSchema);
  return Response.json(await updateProvider(db, params.providerId, input, actor));
});

/** DELETE /api/v1/providers/{id}: removes a Settings provider (env and built-in ones are read-only). Instance admins. */
export const DELETE = sessionRoute<Params>(async (_request, { db, user, params, actor }) => {
  if (!user.isAdmin) throw new ApiError(403, "forbidden", "only instance admins manage providers");
  await deleteProvider(db, params.providerId, actor);
  return Response.json({ ok: true });
});
