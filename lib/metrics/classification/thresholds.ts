/**
 * Routing thresholds: "accept the prediction when confidence ≥ t, route it (e.g. to a bigger
 * model) otherwise". Over labelled items (confidence, correct):
 * - precision(t) = correct accepted / accepted (1 when nothing is accepted);
 * - recall(t) = correct accepted / all correct (the ROC's true positive rate);
 * - FPR(t) = wrong accepted / all wrong (ROC x axis);
 * - routed share(t) = items with confidence < t / all items.
 * t runs over every distinct confidence (highest first) plus +∞ (accept nothing).
 * Operating point for a target precision: the lowest t whose precision is ≥ the target (the most
 * traffic kept at that precision); null when no t reaches it.
 */
export interface ScoredOutcome {
  confidence: number;
  correct: boolean;
}

export interface ThresholdPoint {
  threshold: number;
  precision: number;
  recall: number;
  fpr: number;
  routedShare: number;
  accepted: number;
}

export interface OperatingPoint extends ThresholdPoint {
  targetPrecision: number;
}

/** Every threshold's point, from t = +∞ (none accepted) down to the lowest confidence (all accepted). */
export function thresholdCurve(items: readonly ScoredOutcome[]): ThresholdPoint[] {
  const sorted = [...items].sort((a, b) => b.confidence - a.confidence);
  const n = sorted.length;
  const positives = sorted.filter((item) => item.correct).length;
  const negatives = n - positives;
  const point = (threshold: number, accepted: number, correct: number): ThresholdPoint => ({
    threshold,
    precision: accepted > 0 ? correct / accepted : 1,
    recall: positives > 0 ? correct / positives : 0,
    fpr: negatives > 0 ? (accepted - correct) / negatives : 0,
    routedShare: n > 0 ? (n - accepted) / n : 0,
    accepted,
  });
  const points: ThresholdPoint[] = [point(Number.POSITIVE_INFINITY, 0, 0)];
  let accepted = 0;
  let correct = 0;
  for (let i = 0; i < n; ) {
    const threshold = (sorted[i] as ScoredOutcome).confidence;
    while (i < n && (sorted[i] as ScoredOutcome).confidence === threshold) {
      accepted++;
      if ((sorted[i] as ScoredOutcome).correct) correct++;
      i++;
    }
    points.push(point(threshold, accepted, correct));
  }
  return points;
}

export function operatingPoint(curve: readonly ThresholdPoint[], targetPrecision: number): OperatingPoint | null {
  let best: ThresholdPoint | null = null;
  for (const p of curve) if (p.accepted > 0 && p.precision >= targetPrecision && (best === null || p.threshold < best.threshold)) best = p;
  return best ? { ...best, targetPrecision } : null;
}

/**
 * The indexes (ascending) of the curve points worth sending: `max` evenly thinned (the ends
 * kept), plus for every multiple t of `step` in [0, 1] the point of "accept when confidence ≥ t"
 * (the lowest threshold ≥ t), so a slider in those steps reads exact figures rather than the
 * nearest thinned point's. The curve runs from t = +∞ down (thresholdCurve).
 */
export function sentCurveIndexes(curve: readonly Pick<ThresholdPoint, "threshold">[], max: number, step: number): number[] {
  const indexes = new Set<number>();
  const stride = curve.length <= max ? 1 : (curve.length - 1) / (max - 1);
  for (let i = 0; i < Math.min(max, curve.length); i++) indexes.add(Math.round(i * stride));
  const steps = Math.round(1 / step);
  let j = 0;
  for (let s = steps; s >= 0 && curve.length > 0; s--) {
    const t = s / steps;
    while (j + 1 < curve.length && (curve[j + 1] as ThresholdPoint).threshold >= t) j++;
    indexes.add(j);
  }
  return [...indexes].sort((a, b) => a - b);
}

/**
 * Area under the ROC curve by the trapezoid rule over the curve's (fpr, recall) points; null
 * when it is undefined: no correct or no wrong prediction (common per label).
 */
export function rocAuc(curve: readonly ThresholdPoint[]): number | null {
  // Accepting everything, recall is 1 when there is a correct prediction and fpr 1 when there is a wrong one.
  const all = curve.at(-1);
  if (!all || all.recall === 0 || all.fpr === 0) return null;
  let area = 0;
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1] as ThresholdPoint;
    const b = curve[i] as ThresholdPoint;
    area += ((b.fpr - a.fpr) * (a.recall + b.recall)) / 2;
  }
  return area;
}
