import { z } from "zod";
import { jsonBody, sessionRoute } from "@/lib/api/sessionRoute";
import { requireProjectRole } from "@/lib/auth/access";
import { MAX_PROXY_TOP_LOGPROBS, proxySettings, setProxySettings } from "@/lib/proxy/proxySettings";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { projectId: string };

/** GET /api/v1/projects/{projectId}/proxy: the project's logging-proxy settings ({topLogprobs}). Project members. */
export const GET = sessionRoute<Params>(async (_request, { db, user, params }) => {
  await requireProjectRole(db, user, params.projectId, "viewer");
  return Response.json(await proxySettings(db, params.projectId));
});

const settingsSchema = z.object({ topLogprobs: z.number().int().min(0).max(MAX_PROXY_TOP_LOGPROBS) }).strict();

/** PATCH /api/v1/projects/{projectId}/proxy {topLogprobs}: project admins. */
export const PATCH = sessionRoute<Params>(async (request, { db, user, params, actor }) => {
  await requireProjectRole(db, user, params.projectId, "admin");
  return Response.json(await setProxySettings(db, params.projectId, await jsonBody(request, settingsSchema), actor));
});
