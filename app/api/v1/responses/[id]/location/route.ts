import { z } from "zod";
import { rowIdSchema } from "@/lib/api/schemas";
import { ApiError } from "@/lib/api/errors";
import { sessionRoute } from "@/lib/api/sessionRoute";
import { responseLocation } from "@/lib/queries/responseLocation";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

/** GET /api/v1/responses/{id}/location: `{projectId, projectName}` of the response, if the signed-in user may read it; 404 otherwise. */
export const GET = sessionRoute<{ id: string }>(async (_request, { db, user, params }) => {
  const { id } = paramsSchema.parse(params);
  const location = await responseLocation(db, user, id);
  if (!location) throw new ApiError(404, "not_found", `response ${id} not found`);
  return Response.json(location);
});
