import crypto from "node:crypto";
import type { DataLayer } from "@/lib/db/database";
import { labelKey } from "@/lib/metrics/classification/labelScores";

/** A classification task as the API shows it, with its background scoring progress. */
export interface ClassificationTask {
  id: string;
  projectId: string;
  name: string;
  labels: string[];
  tag: string;
  /** ISO 8601, as every other date the API answers. */
  createdAt: string;
  updatedAt: string;
  scoring: { status: "scoring" | "ready"; scored: number; total: number; progress: number };
}

export class TaskInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TaskInputError";
  }
}

/** Labels must differ after trimming and ignoring case: two that match the same tokens would split one class. */
export function checkLabels(labels: readonly string[]): string[] {
  const trimmed = labels.map((label) => label.trim());
  const seen = new Map<string, string>();
  for (const label of trimmed) {
    if (label === "") throw new TaskInputError("labels: a label is empty after trimming");
    const key = labelKey(label);
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new TaskInputError(`labels: "${earlier}" and "${label}" are the same label (case and spaces are ignored)`);
    seen.set(key, label);
  }
  return trimmed;
}

type TaskRow = {
  id: string; project_id: string; name: string; labels: string; tag: string; created_at: number; updated_at: number;
  scoring_status: string; scored_count: number; total_count: number;
};

const TASK_COLUMNS = ["id", "project_id", "name", "labels", "tag", "created_at", "updated_at", "scoring_status", "scored_count", "total_count"] as const;

function toTask(row: TaskRow): ClassificationTask {
  const status = row.scoring_status === "ready" ? "ready" : "scoring";
  const progress = status === "ready" ? 1 : row.total_count > 0 ? Math.min(row.scored_count / row.total_count, 1) : 0;
  return {
    id: row.id, projectId: row.project_id, name: row.name, labels: JSON.parse(row.labels) as string[], tag: row.tag,
    createdAt: new Date(Number(row.created_at)).toISOString(), updatedAt: new Date(Number(row.updated_at)).toISOString(),
    scoring: { status, scored: row.scored_count, total: row.total_count, progress },
  };
}

/** A task as a caller that may change tasks but not read the project (an `ingest`-only key) is answered: its definition, not how many responses it scores. */
export function taskWritten(task: ClassificationTask): Omit<ClassificationTask, "scoring"> {
  const { scoring: _readData, ...definition } = task;
  return definition;
}

export async function createTask(db: DataLayer, projectId: string, input: { name: string; labels: string[]; tag: string }, now = Date.now()): Promise<ClassificationTask> {
  const labels = checkLabels(input.labels);
  const row = {
    id: crypto.randomUUID(), project_id: projectId, name: input.name.trim(), labels: JSON.stringify(labels), tag: input.tag,
    created_at: now, updated_at: now, scoring_status: "scoring", scored_count: 0, total_count: 0,
  };
  await db.insertInto("classification_tasks").values({ ...row, scan_cursor: 0 }).execute();
  return toTask(row);
}

export async function listTasks(db: DataLayer, projectId: string): Promise<ClassificationTask[]> {
  const rows = await db.selectFrom("classification_tasks").select(TASK_COLUMNS).where("project_id", "=", projectId).orderBy("created_at", "desc").orderBy("id").execute();
  return rows.map(toTask);
}

export async function getTask(db: DataLayer, projectId: string, id: string): Promise<ClassificationTask | null> {
  const row = await db.selectFrom("classification_tasks").select(TASK_COLUMNS).where("project_id", "=", projectId).where("id", "=", id).executeTakeFirst();
  return row ? toTask(row) : null;
}

/**
 * Renames, or changes the labels or tag. A new label set or tag makes the stored scores stale:
 * they are deleted and the background scoring starts over (ground truth is kept; labels no
 * longer in the set simply stop counting).
 */
export async function updateTask(
  db: DataLayer,
  projectId: string,
  id: string,
  patch: { name?: string; labels?: string[]; tag?: string },
  now = Date.now(),
): Promise<ClassificationTask | null> {
  const labels = patch.labels ? checkLabels(patch.labels) : undefined;
  return db.transaction().execute(async (trx) => {
    const current = await getTask(trx, projectId, id);
    if (!current) return null;
    const rescore = (labels !== undefined && JSON.stringify(labels) !== JSON.stringify(current.labels)) || (patch.tag !== undefined && patch.tag !== current.tag);
    await trx.updateTable("classification_tasks").set({
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(labels !== undefined ? { labels: JSON.stringify(labels) } : {}),
      ...(patch.tag !== undefined ? { tag: patch.tag } : {}),
      updated_at: Math.max(now, Date.parse(current.updatedAt) + 1),
      ...(rescore ? { scoring_status: "scoring", scan_cursor: 0, scored_count: 0 } : {}),
    }).where("id", "=", id).execute();
    if (rescore) await trx.deleteFrom("classification_scores").where("task_id", "=", id).execute();
    return getTask(trx, projectId, id);
  });
}

export async function deleteTask(db: DataLayer, projectId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom("classification_tasks").where("project_id", "=", projectId).where("id", "=", id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
