import { z } from "zod";
import { ingestDetectorSettings, settingsForTags } from "@/lib/alerts/detectorSettings";
import { defaultDetectorSettings } from "@/lib/metrics/detectors/settings";
import { env } from "@/lib/config/env";
import type { DataLayer } from "@/lib/db/database";
import { hallucinationScoreTerms } from "@/lib/metrics/detectors/hallucinationScore";
import { uncertainEntity } from "@/lib/metrics/detectors/uncertainEntity";
import { responseMetrics } from "@/lib/metrics/responseMetrics";
import { storedSampleConsistency } from "@/lib/queries/storedConsistency";
import { decodeTokens } from "@/lib/storage/tokenBlob";

/** A human's verdict on a suspect: a real hallucination or defect, a false alarm, or can't tell. */
export const VERDICTS = ["confirmed", "false_positive", "unsure"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** POST /api/v1/responses/{id}/verdict body. */
export const verdictBodySchema = z
  .object({
    verdict: z.enum(VERDICTS),
    note: z.string().max(2000, "note: at most 2000 characters").optional(),
  })
  .strict();
export type VerdictBody = z.infer<typeof verdictBodySchema>;

export interface VerdictDto {
  responseId: number;
  verdict: Verdict;
  note: string | null;
  /** The response's hallucination score (0–6) under its settings when judged (its tag's, as at ingest, else the project's). */
  hallucinationScore: number | null;
  judgedBy: string;
  judgedAt: string;
}

type VerdictRow = { response_id: number; verdict: string; note: string | null; hallucination_score: number | null; judged_by: string; judged_at: number };

export function verdictDto(row: VerdictRow): VerdictDto {
  return {
    responseId: Number(row.response_id),
    verdict: row.verdict as Verdict,
    note: row.note,
    hallucinationScore: row.hallucination_score === null ? null : Number(row.hallucination_score),
    judgedBy: row.judged_by,
    judgedAt: new Date(Number(row.judged_at)).toISOString(),
  };
}

/**
 * The response's hallucination score (0–6) from its stored tokens under the current thresholds
 * that apply to it (its first tag that has settings of its own, else the project's: as at
 * ingest), whether or not the detector fired: the precision–recall curve needs the score of
 * every judged response, also those below the firing threshold. Null without stored tokens.
 */
export async function responseHallucinationScore(db: DataLayer, projectId: string, responseId: number): Promise<number | null> {
  const row = await db
    .selectFrom("response_tokens as t")
    .innerJoin("responses as r", "r.id", "t.response_id")
    .select(["t.tokens_blob", "r.external_id", "r.metadata", "r.tags"])
    .where("t.response_id", "=", responseId)
    .executeTakeFirst();
  if (!row) return null;
  const tokens = decodeTokens(row.tokens_blob);
  const tags = row.tags === null ? [] : (JSON.parse(row.tags) as string[]);
  const settings = settingsForTags(await ingestDetectorSettings(db, projectId), tags) ?? defaultDetectorSettings();
  const metrics = responseMetrics(tokens, { lengthNormAlpha: env().LOUPE_LENGTH_NORM_ALPHA });
  const entity = uncertainEntity(tokens, settings.uncertainEntity.thresholds);
  const consistency = await storedSampleConsistency(db, projectId, [{ id: responseId, externalId: row.external_id, metadata: row.metadata }]);
  return hallucinationScoreTerms({ metrics, uncertainEntity: entity, sampleConsistency: consistency.get(responseId) ?? null }, settings.hallucinationScore.thresholds).score;
}

/**
 * Stores (or replaces) the verdict on one of the project's responses, with who and when.
 * Null when the response is not the project's.
 */
export async function recordVerdict(db: DataLayer, projectId: string, responseId: number, body: VerdictBody, judgedBy: string, now = Date.now()): Promise<VerdictDto | null> {
  const response = await db.selectFrom("responses").select("id").where("project_id", "=", projectId).where("id", "=", responseId).executeTakeFirst();
  if (!response) return null;
  const row: VerdictRow = {
    response_id: responseId,
    verdict: body.verdict,
    note: body.note?.trim() ? body.note.trim() : null,
    hallucination_score: await responseHallucinationScore(db, projectId, responseId),
    judged_by: judgedBy,
    judged_at: now,
  };
  await db
    .insertInto("response_verdicts")
    .values({ ...row, project_id: projectId })
    .onConflict((oc) =>
      oc.column("response_id").doUpdateSet({ verdict: row.verdict, note: row.note, hallucination_score: row.hallucination_score, judged_by: judgedBy, judged_at: now }),
    )
    .execute();
  return verdictDto(row);
}

/** The verdict on one of the project's responses, or null. */
export async function getVerdict(db: DataLayer, projectId: string, responseId: number): Promise<VerdictDto | null> {
  const row = await db
    .selectFrom("response_verdicts")
    .select(["response_id", "verdict", "note", "hallucination_score", "judged_by", "judged_at"])
    .where("project_id", "=", projectId)
    .where("response_id", "=", responseId)
    .executeTakeFirst();
  return row ? verdictDto(row) : null;
}
