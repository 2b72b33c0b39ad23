import { sql } from "kysely";
import type { DataLayer } from "@/lib/db/database";
import { flagName } from "@/lib/metrics/flags";
import { verdictDto, type VerdictDto } from "./verdicts";

export interface SuspectDto {
  responseId: number;
  model: string;
  occurredAt: string;
  /** The hallucination score when that detector fired (0–6), else 0: the queue's first sort key. */
  score: number;
  /** The open alerts' detectors, and their display names. */
  detectors: string[];
  names: string[];
  alertCount: number;
  verdict: VerdictDto | null;
}

/**
 * The triage queue: the project's responses with open alerts and no verdict yet, most
 * suspicious first (hallucination score, then how many detectors fired, then newest), of one
 * model when given. One
 * grouped query over the (project, status, occurredAt) index.
 */
export async function listSuspects(db: DataLayer, projectId: string, limit = 100, model?: string): Promise<SuspectDto[]> {
  const rows = await db
    .selectFrom("alerts as a")
    .where("a.project_id", "=", projectId)
    .where("a.status", "=", "open")
    .where("a.response_id", "is not", null)
    .$if(model !== undefined, (q) => q.where("a.model", "=", model as string))
    .where((eb) => eb.not(eb.exists(eb.selectFrom("response_verdicts as v").select("v.response_id").whereRef("v.response_id", "=", "a.response_id"))))
    .groupBy("a.response_id")
    .select([
      "a.response_id",
      sql<number>`MAX(CASE WHEN a.detector = 'hallucinationScore' THEN a.value ELSE 0 END)`.as("score"),
      sql<number>`COUNT(*)`.as("alert_count"),
      sql<number>`MAX(a.occurred_at)`.as("occurred_at"),
      sql<string>`MAX(a.model)`.as("model"),
    ])
    .orderBy("score", "desc")
    .orderBy("alert_count", "desc")
    .orderBy("occurred_at", "desc")
    .orderBy("a.response_id", "desc")
    .limit(limit)
    .execute();
  const ids = rows.map((row) => Number(row.response_id));
  const detectorRows = ids.length
    ? await db.selectFrom("alerts").select(["response_id", "detector"]).where("project_id", "=", projectId).where("status", "=", "open").where("response_id", "in", ids).orderBy("id").execute()
    : [];
  const detectorsOf = new Map<number, string[]>();
  for (const row of detectorRows) {
    const list = detectorsOf.get(Number(row.response_id)) ?? [];
    list.push(row.detector);
    detectorsOf.set(Number(row.response_id), list);
  }
  return rows.map((row) => {
    const detectors = detectorsOf.get(Number(row.response_id)) ?? [];
    return {
      responseId: Number(row.response_id),
      model: row.model,
      occurredAt: new Date(Number(row.occurred_at)).toISOString(),
      score: Number(row.score),
      detectors,
      names: detectors.map(flagName),
      alertCount: Number(row.alert_count),
      verdict: null,
    };
  });
}

/** Verdicts on the given responses of the project, by response id. */
export async function verdictsFor(db: DataLayer, projectId: string, responseIds: readonly number[]): Promise<Map<number, VerdictDto>> {
  if (responseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("response_verdicts")
    .select(["response_id", "verdict", "note", "hallucination_score", "judged_by", "judged_at"])
    .where("project_id", "=", projectId)
    .where("response_id", "in", [...responseIds])
    .execute();
  return new Map(rows.map((row) => [Number(row.response_id), verdictDto(row)]));
}
