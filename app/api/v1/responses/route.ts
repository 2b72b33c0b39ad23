import { withErrors } from "@/lib/api/errors";
import { listResponsesQuerySchema, searchParamsObject } from "@/lib/api/schemas";
import { requireReader } from "@/lib/auth/requireReader";
import { listResponses } from "@/lib/queries/listResponses";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/responses: filters from, to, model, tag, flagged, minAvgLogprob, maxAvgLogprob, q; cursor paging. */
export const GET = withErrors(async (request: Request) => {
  const key = await requireReader(request);
  const query = listResponsesQuerySchema.parse(searchParamsObject(request.url));
  return Response.json(await listResponses(key.projectId, query));
});
