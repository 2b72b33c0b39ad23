import { jsonBody, sessionRoute } from "@/lib/api/sessionRoute";
import { playgroundProject } from "@/lib/playground/access";
import { savePlaygroundRun, saveRequestSchema } from "@/lib/playground/saveRun";

/** Saves a finished run (or N sibling samples) as responses tagged `playground`. */
export const POST = sessionRoute(async (request, { db, user }) => {
  const projectId = await playgroundProject(db, user, request);
  const body = await jsonBody(request, saveRequestSchema);
  return Response.json({ projectId, ...(await savePlaygroundRun(db, projectId, body)) }, { status: 201 });
});
