import { ApiError, withErrors } from "@/lib/api/errors";
import { taskParamsSchema, taskPatchSchema } from "@/lib/api/classificationSchemas";
import { jsonBody } from "@/lib/api/sessionRoute";
import { requireReader } from "@/lib/auth/requireReader";
import { requireWriter } from "@/lib/auth/requireWriter";
import { requireTask } from "@/lib/classification/requireTask";
import { kickTaskScoring } from "@/lib/classification/scoring";
import { deleteTask, TaskInputError, taskWritten, updateTask } from "@/lib/classification/tasks";
import { db } from "@/lib/db/database";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/classification/tasks/{id}: the task and its background scoring progress. */
export const GET = withErrors(async (request: Request, context: Context) => {
  const { projectId } = await requireReader(request);
  const { id } = taskParamsSchema.parse(await context.params);
  return Response.json(await requireTask(db(), projectId, id));
});

/** PATCH `{name?, labels?, tag?}`: a new label set or tag rescores the task from scratch. */
export const PATCH = withErrors(async (request: Request, context: Context) => {
  const { projectId, canRead } = await requireWriter(request);
  const { id } = taskParamsSchema.parse(await context.params);
  const patch = await jsonBody(request, taskPatchSchema);
  let task;
  try {
    task = await updateTask(db(), projectId, id, patch);
  } catch (error) {
    if (error instanceof TaskInputError) throw new ApiError(400, "invalid_request", error.message);
    throw error;
  }
  if (!task) throw new ApiError(404, "not_found", `classification task ${id} not found`);
  if (task.scoring.status === "scoring") void kickTaskScoring(db(), task.id);
  return Response.json(canRead ? task : taskWritten(task));
});

/** DELETE: the task, its scores and its ground truth. */
export const DELETE = withErrors(async (request: Request, context: Context) => {
  const { projectId } = await requireWriter(request);
  const { id } = taskParamsSchema.parse(await context.params);
  if (!(await deleteTask(db(), projectId, id))) throw new ApiError(404, "not_found", `classification task ${id} not found`);
  return Response.json({ deleted: true });
});
