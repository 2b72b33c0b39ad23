import { withErrors } from "@/lib/api/errors";
import { calibrationQuerySchema, taskParamsSchema } from "@/lib/api/classificationSchemas";
import { searchParamsObject } from "@/lib/api/schemas";
import { requireReader } from "@/lib/auth/requireReader";
import { calibrationReport } from "@/lib/classification/calibrationReport";
import { requireTask } from "@/lib/classification/requireTask";
import { db } from "@/lib/db/database";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET …/{id}/calibration?from=&to=: `{n, accuracy, ece, mce, brier, nll, bins, temperature, calibrated: {ece, mce, brier, nll}}`. */
export const GET = withErrors(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const { projectId } = await requireReader(request);
  const { id } = taskParamsSchema.parse(await context.params);
  const window = calibrationQuerySchema.parse(searchParamsObject(request.url));
  const task = await requireTask(db(), projectId, id);
  return Response.json(await calibrationReport(db(), task, window));
});
