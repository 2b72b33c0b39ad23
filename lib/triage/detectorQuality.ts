import { sql } from "kysely";
import { z } from "zod";
import type { DataLayer } from "@/lib/db/database";
import { ALL_DETECTORS, DETECTOR_NAMES, type DetectorName } from "@/lib/metrics/detectors/settings";
import { precision, precisionRecallCurve, thresholdForPrecision, type CurvePoint, type ScoredVerdict } from "./precisionRecall";

/** GET /api/v1/detectors/quality query: the precision the suggested score threshold must reach. */
export const qualityQuerySchema = z.object({
  targetPrecision: z.coerce.number().min(0, "targetPrecision: between 0 and 1").max(1, "targetPrecision: between 0 and 1").default(0.8),
});

export interface DetectorQuality {
  detector: DetectorName;
  name: string;
  /** Alerts the detector raised. */
  fired: number;
  /** Of those, alerts on responses with a verdict (any of the three). */
  judged: number;
  confirmed: number;
  falsePositive: number;
  unsure: number;
  /** confirmed ÷ (confirmed + falsePositive); null before either. */
  precision: number | null;
}

export interface QualityReport {
  detectors: DetectorQuality[];
  hallucinationScore: {
    curve: CurvePoint[];
    targetPrecision: number;
    /** The lowest score threshold reaching targetPrecision, or null. */
    suggestedThreshold: number | null;
    /** Responses judged confirmed or false positive with a score. */
    judged: number;
  };
}

/**
 * Rule quality from the verdicts: per detector, alerts fired, judged, confirmed, false
 * positives and precision (one grouped join of alerts and verdicts); for the hallucination
 * score, the precision–recall curve over thresholds 0–6 from each judged response's score.
 */
export async function detectorQuality(db: DataLayer, projectId: string, targetPrecision: number): Promise<QualityReport> {
  const rows = await db
    .selectFrom("alerts as a")
    .leftJoin("response_verdicts as v", "v.response_id", "a.response_id")
    .where("a.project_id", "=", projectId)
    .groupBy("a.detector")
    .select([
      "a.detector",
      sql<number>`COUNT(*)`.as("fired"),
      sql<number>`COUNT(v.response_id)`.as("judged"),
      sql<number>`SUM(CASE WHEN v.verdict = 'confirmed' THEN 1 ELSE 0 END)`.as("confirmed"),
      sql<number>`SUM(CASE WHEN v.verdict = 'false_positive' THEN 1 ELSE 0 END)`.as("false_positive"),
      sql<number>`SUM(CASE WHEN v.verdict = 'unsure' THEN 1 ELSE 0 END)`.as("unsure"),
    ])
    .execute();
  const byDetector = new Map(rows.map((row) => [row.detector, row]));
  const detectors = ALL_DETECTORS.map((detector): DetectorQuality => {
    const row = byDetector.get(detector);
    const confirmed = Number(row?.confirmed ?? 0);
    const falsePositive = Number(row?.false_positive ?? 0);
    return {
      detector, name: DETECTOR_NAMES[detector], fired: Number(row?.fired ?? 0), judged: Number(row?.judged ?? 0),
      confirmed, falsePositive, unsure: Number(row?.unsure ?? 0), precision: precision(confirmed, falsePositive),
    };
  });
  const scored = await db
    .selectFrom("response_verdicts")
    .select(["verdict", "hallucination_score"])
    .where("project_id", "=", projectId)
    .where("hallucination_score", "is not", null)
    .execute();
  const verdicts: ScoredVerdict[] = scored.map((row) => ({ score: Number(row.hallucination_score), verdict: row.verdict as ScoredVerdict["verdict"] }));
  const curve = precisionRecallCurve(verdicts);
  return {
    detectors,
    hallucinationScore: {
      curve, targetPrecision,
      suggestedThreshold: thresholdForPrecision(curve, targetPrecision)?.threshold ?? null,
      judged: verdicts.filter((v) => v.verdict !== "unsure").length,
    },
  };
}
