import { jsonBody, sessionRoute } from "@/lib/api/sessionRoute";
import { playgroundProject } from "@/lib/playground/access";
import { drawSamples, samplesRequestSchema } from "@/lib/playground/probes";
import { playgroundClient } from "@/lib/playground/providers";

/** Multi-sample consistency: N samples, pairwise ROUGE-L F1, mean and clusters. */
export const POST = sessionRoute(async (request, { db, user }) => {
  await playgroundProject(db, user, request);
  const body = await jsonBody(request, samplesRequestSchema);
  return Response.json(await drawSamples(await playgroundClient(body.provider), body, request.signal));
});
