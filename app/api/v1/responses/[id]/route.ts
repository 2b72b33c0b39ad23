import { z } from "zod";
import { ApiError, withErrors } from "@/lib/api/errors";
import { searchParamsObject, tokenRangeSchema, rowIdSchema } from "@/lib/api/schemas";
import { requireReader } from "@/lib/auth/requireReader";
import { getResponse, getResponseTokens } from "@/lib/queries/getResponse";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });
const querySchema = z.object({ tokens: tokenRangeSchema.optional() });

/**
 * GET /api/v1/responses/{id}: metadata, metrics, the first 2,000 tokens with entropy, margin
 * and alternatives, and every position's logprob. `?tokens=START-END` answers that page of
 * tokens only (END exclusive, at most 2,000, clamped to the total).
 */
export const GET = withErrors(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const key = await requireReader(request);
  const { id } = paramsSchema.parse(await context.params);
  const { tokens } = querySchema.parse(searchParamsObject(request.url));
  const response = tokens ? await getResponseTokens(key.projectId, id, tokens) : await getResponse(key.projectId, id);
  if (!response) throw new ApiError(404, "not_found", `response ${id} not found`);
  return Response.json(response);
});
