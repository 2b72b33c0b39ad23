import { ApiError } from "@/lib/api/errors";
import type { DataLayer } from "@/lib/db/database";
import { getTask, type ClassificationTask } from "./tasks";

/** The project's task, or a 404 in the one error shape. */
export async function requireTask(db: DataLayer, projectId: string, id: string): Promise<ClassificationTask> {
  const task = await getTask(db, projectId, id);
  if (!task) throw new ApiError(404, "not_found", `classification task ${id} not found`);
  return task;
}
