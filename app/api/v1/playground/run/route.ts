import { jsonBody, sessionRoute } from "@/lib/api/sessionRoute";
import { playgroundProject } from "@/lib/playground/access";
import { playgroundClient } from "@/lib/playground/providers";
import { runRequestSchema } from "@/lib/playground/runRequest";
import { ndjsonResponse, startRun } from "@/lib/playground/runStream";

export const dynamic = "force-dynamic";

/** Streams a run's tokens as NDJSON; the browser aborting the request aborts the provider call. */
export const POST = sessionRoute(async (request, { db, user }) => {
  await playgroundProject(db, user, request);
  const body = await jsonBody(request, runRequestSchema);
  const run = await playgroundClient(body.provider);
  return ndjsonResponse(await startRun(run, body, request.signal));
});
