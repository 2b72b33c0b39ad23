/**
 * Rule quality from human verdicts (README, "Rule quality"). Pure functions: counts in,
 * definitions out. `unsure` verdicts count as judged but in neither precision nor recall.
 */

/** precision = confirmed ÷ (confirmed + false_positive); null before either verdict exists. */
export function precision(confirmed: number, falsePositive: number): number | null {
  const judged = confirmed + falsePositive;
  return judged > 0 ? confirmed / judged : null;
}

export interface ScoredVerdict {
  /** The response's hallucination score (0–6). */
  score: number;
  verdict: "confirmed" | "false_positive" | "unsure";
}

export interface CurvePoint {
  /** Flag at score ≥ threshold. */
  threshold: number;
  /** Judged responses (confirmed or false positive) the threshold would flag. */
  flagged: number;
  truePositives: number;
  falsePositives: number;
  /** TP ÷ (TP + FP) among the flagged; null when it flags none. */
  precision: number | null;
  /** TP ÷ all confirmed; null without any confirmed response. */
  recall: number | null;
}

export const SCORE_THRESHOLDS = [0, 1, 2, 3, 4, 5, 6] as const;

/**
 * The precision–recall curve of the hallucination score over thresholds 0–6 against the
 * verdicts: at threshold t a response counts as flagged when its score ≥ t; confirmed is the
 * positive class, false_positive the negative, unsure is left out.
 */
export function precisionRecallCurve(verdicts: readonly ScoredVerdict[]): CurvePoint[] {
  const decided = verdicts.filter((v) => v.verdict !== "unsure");
  const positives = decided.filter((v) => v.verdict === "confirmed").length;
  return SCORE_THRESHOLDS.map((threshold) => {
    const flagged = decided.filter((v) => v.score >= threshold);
    const truePositives = flagged.filter((v) => v.verdict === "confirmed").length;
    const falsePositives = flagged.length - truePositives;
    return {
      threshold,
      flagged: flagged.length,
      truePositives,
      falsePositives,
      precision: precision(truePositives, falsePositives),
      recall: positives > 0 ? truePositives / positives : null,
    };
  });
}

/**
 * The lowest threshold whose precision reaches `target` (recall only falls as the threshold
 * rises, so the lowest such threshold keeps the most confirmed responses); null when none does.
 */
export function thresholdForPrecision(curve: readonly CurvePoint[], target: number): CurvePoint | null {
  return curve.find((point) => point.precision !== null && point.precision >= target) ?? null;
}
