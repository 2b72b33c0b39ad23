import type { DataLayer } from "@/lib/db/database";

/** A scored response with ground truth, in (occurredAt, response id) order. */
export interface LabelledScore {
  responseId: number;
  occurredAt: number;
  predicted: string;
  confidence: number;
  probabilities: number[];
  logprobs: number[];
  /** Index of the true label in the task's labels. */
  truth: number;
}

export interface TimeWindow {
  from?: number;
  to?: number;
}

/** The task's scored responses (a label matched) whose external id has ground truth in the set; `to` exclusive. */
export async function labelledScores(db: DataLayer, task: { id: string; labels: readonly string[] }, window: TimeWindow = {}): Promise<LabelledScore[]> {
  let query = db.selectFrom("classification_scores as s")
    .innerJoin("classification_truths as g", (join) => join.onRef("g.task_id", "=", "s.task_id").onRef("g.external_id", "=", "s.external_id"))
    .select(["s.response_id", "s.occurred_at", "s.predicted", "s.confidence", "s.probabilities", "s.label_logprobs", "g.label"])
    .where("s.task_id", "=", task.id).where("s.predicted", "is not", null);
  if (window.from !== undefined) query = query.where("s.occurred_at", ">=", window.from);
  if (window.to !== undefined) query = query.where("s.occurred_at", "<", window.to);
  const rows = await query.orderBy("s.occurred_at").orderBy("s.response_id").execute();
  const items: LabelledScore[] = [];
  for (const row of rows) {
    const truth = task.labels.indexOf(row.label);
    const probabilities = JSON.parse(row.probabilities ?? "[]") as number[];
    // A label dropped from the set since the upload, or scores of another label count: not comparable.
    if (truth < 0 || probabilities.length !== task.labels.length) continue;
    items.push({
      responseId: row.response_id, occurredAt: Number(row.occurred_at), predicted: row.predicted as string,
      confidence: row.confidence as number, probabilities, logprobs: JSON.parse(row.label_logprobs ?? "[]") as number[], truth,
    });
  }
  return items;
}
