import { withErrors } from "@/lib/api/errors";
import { searchParamsObject } from "@/lib/api/schemas";
import { suggestQuerySchema, suggestThresholds } from "@/lib/alerts/thresholds";
import { requireReader } from "@/lib/auth/requireReader";
import { db } from "@/lib/db/database";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/detectors/suggest?flagRate=0.02&days=7&tag=: per threshold rule, the value that flags that share, and what current and suggested would have flagged. */
export const GET = withErrors(async (request: Request) => {
  const { projectId } = await requireReader(request);
  const query = suggestQuerySchema.parse(searchParamsObject(request.url));
  return Response.json({ ...query, data: await suggestThresholds(db(), projectId, query) });
});
