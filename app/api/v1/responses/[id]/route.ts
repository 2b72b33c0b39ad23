import { z } from "zod";
import { ApiError, withErrors } from "@/lib/api/errors";
import { requireReader } from "@/lib/auth/requireReader";
import { getResponse } from "@/lib/queries/getResponse";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.coerce.number().int().positive() });

/** GET /api/v1/responses/{id}: metadata, metrics, and tokens with entropy, margin and alternatives. */
export const GET = withErrors(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const key = await requireReader(request);
  const { id } = paramsSchema.parse(await context.params);
  const response = await getResponse(key.projectId, id);
  if (!response) throw new ApiError(404, "not_found", `response ${id} not found`);
  return Response.json(response);
});
