import { withErrors } from "@/lib/api/errors";
import { ApiError } from "@/lib/api/errors";
import { taskCreateSchema } from "@/lib/api/classificationSchemas";
import { jsonBody } from "@/lib/api/sessionRoute";
import { requireReader } from "@/lib/auth/requireReader";
import { requireWriter } from "@/lib/auth/requireWriter";
import { kickTaskScoring } from "@/lib/classification/scoring";
import { createTask, listTasks, TaskInputError, taskWritten } from "@/lib/classification/tasks";
import { db } from "@/lib/db/database";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/classification/tasks: the project's tasks with their scoring progress. */
export const GET = withErrors(async (request: Request) => {
  const { projectId } = await requireReader(request);
  return Response.json({ tasks: await listTasks(db(), projectId) });
});

/** POST /api/v1/classification/tasks `{name, labels, tag}`: creates a task; its tag's responses are scored in the background. */
export const POST = withErrors(async (request: Request) => {
  const { projectId, canRead } = await requireWriter(request);
  const input = await jsonBody(request, taskCreateSchema);
  try {
    const task = await createTask(db(), projectId, input);
    void kickTaskScoring(db(), task.id);
    return Response.json(canRead ? task : taskWritten(task), { status: 201 });
  } catch (error) {
    if (error instanceof TaskInputError) throw new ApiError(400, "invalid_request", error.message);
    throw error;
  }
});
