import { jsonBody, sessionRoute } from "@/lib/api/sessionRoute";
import { playgroundProject } from "@/lib/playground/access";
import { labelRequestSchema, scoreLabels } from "@/lib/playground/probes";
import { playgroundClient } from "@/lib/playground/providers";

/** Label scorer: one token's top-k renormalized over a label set. */
export const POST = sessionRoute(async (request, { db, user }) => {
  await playgroundProject(db, user, request);
  const body = await jsonBody(request, labelRequestSchema);
  return Response.json(await scoreLabels(await playgroundClient(body.provider), body, request.signal));
});
