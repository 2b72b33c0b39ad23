import { withErrors } from "@/lib/api/errors";
import { responseFilterSchema, searchParamsObject } from "@/lib/api/schemas";
import { requireReader } from "@/lib/auth/requireReader";
import { countResponses } from "@/lib/queries/countResponses";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/responses/count: `{total}` for the same filters as GET /api/v1/responses (paging and sort ignored). */
export const GET = withErrors(async (request: Request) => {
  const key = await requireReader(request);
  const query = responseFilterSchema.parse(searchParamsObject(request.url));
  return Response.json(await countResponses(key.projectId, query));
});
