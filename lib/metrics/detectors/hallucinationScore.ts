import type { ResponseMetrics } from "../responseMetrics";
import type { DetectorFinding } from "./types";

export interface HallucinationScoreThresholds {
  /** The score (0–6) at which the detector fires. */
  minScore: number;
  /** +1 when avgLogprob is below this. */
  avgLogprob: number;
  /** +1 when lowConfidenceRatio is above this. */
  lowConfidenceRatio: number;
  /** +2 when the multi-sample consistency is below this (only where sibling samples exist). */
  consistency: number;
}

export const HALLUCINATION_SCORE_DEFAULTS: HallucinationScoreThresholds = { minScore: 3, avgLogprob: -2, lowConfidenceRatio: 0.2, consistency: 0.7 };

export interface ScoreTerm {
  term: "avgLogprob" | "lowConfidenceRatio" | "uncertainEntity" | "sampleConsistency";
  points: number;
  value: number;
  threshold: number;
}

export interface HallucinationScoreInput {
  metrics: Pick<ResponseMetrics, "avgLogprob" | "lowConfidenceRatio">;
  /** The uncertainEntity finding at the project's entity threshold (computed even when that detector is off). */
  uncertainEntity: DetectorFinding | null;
  /** Agreement (0–1) with the sibling samples of the same prompt; absent where there are none. */
  sampleConsistency?: number | null;
}

/**
 * score (0–6) = +1 avgLogprob < −2, +1 lowConfidenceRatio > 0.2, +2 an uncertain entity,
 * +2 multi-sample consistency < 0.7 (only where sibling samples exist). Returns the score and
 * the terms that added up; `hallucinationScore` fires at score ≥ minScore.
 */
export function hallucinationScoreTerms(input: HallucinationScoreInput, thresholds: HallucinationScoreThresholds = HALLUCINATION_SCORE_DEFAULTS): { score: number; terms: ScoreTerm[] } {
  const terms: ScoreTerm[] = [];
  const { avgLogprob, lowConfidenceRatio } = input.metrics;
  if (avgLogprob !== null && avgLogprob < thresholds.avgLogprob) terms.push({ term: "avgLogprob", points: 1, value: avgLogprob, threshold: thresholds.avgLogprob });
  if (lowConfidenceRatio !== null && lowConfidenceRatio > thresholds.lowConfidenceRatio) {
    terms.push({ term: "lowConfidenceRatio", points: 1, value: lowConfidenceRatio, threshold: thresholds.lowConfidenceRatio });
  }
  if (input.uncertainEntity) terms.push({ term: "uncertainEntity", points: 2, value: input.uncertainEntity.value, threshold: input.uncertainEntity.threshold });
  const consistency = input.sampleConsistency;
  if (consistency !== null && consistency !== undefined && consistency < thresholds.consistency) {
    terms.push({ term: "sampleConsistency", points: 2, value: consistency, threshold: thresholds.consistency });
  }
  return { score: terms.reduce((sum, term) => sum + term.points, 0), terms };
}

/** The hallucinationScore detector: fires at score ≥ minScore; critical at 5 or more. */
export function hallucinationScore(input: HallucinationScoreInput, thresholds: HallucinationScoreThresholds = HALLUCINATION_SCORE_DEFAULTS): DetectorFinding | null {
  const { score, terms } = hallucinationScoreTerms(input, thresholds);
  if (score < thresholds.minScore) return null;
  return {
    detector: "hallucinationScore",
    value: score,
    threshold: thresholds.minScore,
    severity: score >= 5 ? "critical" : "warning",
    evidence: {
      positions: terms.some((term) => term.term === "uncertainEntity") ? (input.uncertainEntity?.evidence.positions ?? []) : [],
      thresholds: { ...thresholds },
      terms,
      sampleConsistency: input.sampleConsistency ?? null,
    },
  };
}
