import { jsonBody, sessionRoute } from "@/lib/api/sessionRoute";
import { playgroundProject } from "@/lib/playground/access";
import { attributionRequestSchema, startAttribution } from "@/lib/playground/probes";
import { playgroundClient } from "@/lib/playground/providers";
import { ndjsonResponse } from "@/lib/playground/runStream";

export const dynamic = "force-dynamic";

/** Leave-one-out attribution, streamed as NDJSON progress events. */
export const POST = sessionRoute(async (request, { db, user }) => {
  await playgroundProject(db, user, request);
  const body = await jsonBody(request, attributionRequestSchema);
  return ndjsonResponse(await startAttribution(await playgroundClient(body.provider), body, request.signal));
});
