import { withErrors } from "@/lib/api/errors";
import { shiftQuerySchema, taskParamsSchema } from "@/lib/api/classificationSchemas";
import { searchParamsObject } from "@/lib/api/schemas";
import { requireReader } from "@/lib/auth/requireReader";
import { requireTask } from "@/lib/classification/requireTask";
import { shiftReport } from "@/lib/classification/shiftReport";
import { db } from "@/lib/db/database";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET …/{id}/shift?reference=from,to&current=from,to&tag=&psiThreshold=0.2: PSI and KS per signal, overall, per source tag, over time. */
export const GET = withErrors(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const { projectId } = await requireReader(request);
  const { id } = taskParamsSchema.parse(await context.params);
  const query = shiftQuerySchema.parse(searchParamsObject(request.url));
  const task = await requireTask(db(), projectId, id);
  return Response.json(await shiftReport(db(), task, { reference: query.reference, current: query.current, tag: query.tag ?? null, psiThreshold: query.psiThreshold }));
});
