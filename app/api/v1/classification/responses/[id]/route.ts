import { z } from "zod";
import { rowIdSchema } from "@/lib/api/schemas";
import { ApiError, withErrors } from "@/lib/api/errors";
import { requireReader } from "@/lib/auth/requireReader";
import { responseClassifications } from "@/lib/classification/responseClassifications";
import { db } from "@/lib/db/database";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

/** GET /api/v1/classification/responses/{id}: the tasks covering a response, its scores and ground truth (the token view). */
export const GET = withErrors(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const { projectId } = await requireReader(request);
  const { id } = paramsSchema.parse(await context.params);
  const found = await responseClassifications(db(), projectId, id);
  if (!found) throw new ApiError(404, "not_found", `response ${id} not found`);
  return Response.json(found);
});
