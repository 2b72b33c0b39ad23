import { z } from "zod";
import { withErrors } from "@/lib/api/errors";
import { searchParamsObject } from "@/lib/api/schemas";
import { requireReader } from "@/lib/auth/requireReader";
import { db } from "@/lib/db/database";
import { listSuspects } from "@/lib/triage/suspects";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const querySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), model: z.string().min(1).max(256).optional() });

/** GET /api/v1/triage?limit=&model=: open suspects without a verdict, most suspicious first. */
export const GET = withErrors(async (request: Request) => {
  const { projectId } = await requireReader(request);
  const { limit, model } = querySchema.parse(searchParamsObject(request.url));
  return Response.json({ data: await listSuspects(db(), projectId, limit, model) });
});
