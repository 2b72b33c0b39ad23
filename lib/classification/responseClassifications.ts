import type { DataLayer } from "@/lib/db/database";

/** One task's view of one response, for the token view: its label scores and its ground truth. */
export interface ResponseClassification {
  taskId: string;
  taskName: string;
  labels: string[];
  score: {
    source: string | null;
    predicted: string | null;
    confidence: number | null;
    logMargin: number | null;
    entropyBits: number | null;
    probabilities: number[] | null;
    floored: string[];
  } | null;
  truth: string | null;
}

/**
 * The classification tasks whose tag the response carries (null when the project has no such
 * response), each with the response's stored score (null until scored) and the ground truth of
 * its external id.
 */
export async function responseClassifications(db: DataLayer, projectId: string, responseId: number): Promise<{ externalId: string | null; tasks: ResponseClassification[] } | null> {
  const response = await db.selectFrom("responses").select(["id", "external_id"]).where("project_id", "=", projectId).where("id", "=", responseId).executeTakeFirst();
  if (!response) return null;
  const tags = (await db.selectFrom("response_tags").select("tag").where("response_id", "=", responseId).execute()).map((row) => row.tag);
  if (tags.length === 0) return { externalId: response.external_id, tasks: [] };
  const tasks = await db.selectFrom("classification_tasks").select(["id", "name", "labels"]).where("project_id", "=", projectId).where("tag", "in", tags).orderBy("created_at").orderBy("id").execute();
  const result: ResponseClassification[] = [];
  for (const task of tasks) {
    const score = await db.selectFrom("classification_scores").select(["source", "predicted", "confidence", "log_margin", "entropy_bits", "probabilities", "floored"])
      .where("task_id", "=", task.id).where("response_id", "=", responseId).executeTakeFirst();
    const truth = response.external_id === null ? undefined
      : await db.selectFrom("classification_truths").select("label").where("task_id", "=", task.id).where("external_id", "=", response.external_id).executeTakeFirst();
    result.push({
      taskId: task.id,
      taskName: task.name,
      labels: JSON.parse(task.labels) as string[],
      score: score
        ? {
            source: score.source, predicted: score.predicted, confidence: score.confidence, logMargin: score.log_margin, entropyBits: score.entropy_bits,
            probabilities: score.probabilities ? (JSON.parse(score.probabilities) as number[]) : null,
            floored: score.floored ? (JSON.parse(score.floored) as string[]) : [],
          }
        : null,
      truth: truth?.label ?? null,
    });
  }
  return { externalId: response.external_id, tasks: result };
}
