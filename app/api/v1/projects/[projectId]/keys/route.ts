import { z } from "zod";
import { createApiKey, listApiKeys } from "@/lib/accounts/apiKeyAdmin";
import { jsonBody, sessionRoute } from "@/lib/api/sessionRoute";
import { requireProjectRole } from "@/lib/auth/access";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { projectId: string };

/** GET /api/v1/projects/{projectId}/keys: the project's keys (prefix, scopes, last use; never the key). Project admins. */
export const GET = sessionRoute<Params>(async (_request, { db, user, params }) => {
  await requireProjectRole(db, user, params.projectId, "admin");
  return Response.json({ data: await listApiKeys(db, params.projectId) });
});

const createKeySchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(["ingest", "read"])).min(1).max(2),
});

/** POST /api/v1/projects/{projectId}/keys {name, scopes}: creates a key, returned once in `key`. */
export const POST = sessionRoute<Params>(async (request, { db, user, params, actor }) => {
  await requireProjectRole(db, user, params.projectId, "admin");
  const { name, scopes } = await jsonBody(request, createKeySchema);
  return Response.json(await createApiKey(db, params.projectId, name, [...new Set(scopes)], actor), { status: 201 });
});
