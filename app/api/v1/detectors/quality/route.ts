import { withErrors } from "@/lib/api/errors";
import { searchParamsObject } from "@/lib/api/schemas";
import { requireReader } from "@/lib/auth/requireReader";
import { db } from "@/lib/db/database";
import { detectorQuality, qualityQuerySchema } from "@/lib/triage/detectorQuality";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/detectors/quality?targetPrecision=0.8: per-detector precision from the verdicts, and the score's precision–recall curve. */
export const GET = withErrors(async (request: Request) => {
  const { projectId } = await requireReader(request);
  const { targetPrecision } = qualityQuerySchema.parse(searchParamsObject(request.url));
  return Response.json(await detectorQuality(db(), projectId, targetPrecision));
});
