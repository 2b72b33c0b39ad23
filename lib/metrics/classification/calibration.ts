/**
 * Calibration of a classifier's confidence against ground truth. Each labelled item carries the
 * renormalized probability of every label (the task's label order) and the index of the true label.
 * - predicted = argmax p (first on ties), confidence = max p, correct = predicted is the truth;
 * - 15 equal-width confidence bins: bin b holds confidence in [b/15, (b+1)/15) (1.0 in the last);
 * - ECE = Σ_b (n_b/N)·|accuracy_b − confidence_b| (confidence_b = mean confidence in bin b);
 * - MCE = max over non-empty bins of |accuracy_b − confidence_b|;
 * - Brier = mean over items of Σ_k (p_k − y_k)² (multi-class, y one-hot; in [0, 2]);
 * - NLL = mean of −ln max(p_true, 1e-15) (nats).
 */
export const RELIABILITY_BINS = 15;
export const NLL_PROBABILITY_FLOOR = 1e-15;

export interface LabelledItem {
  probabilities: readonly number[];
  truth: number;
}

export interface ReliabilityBin {
  /** Lower and upper confidence edge. */
  lower: number;
  upper: number;
  count: number;
  /** Mean confidence and share correct in the bin (null when empty). */
  confidence: number | null;
  accuracy: number | null;
}

export interface CalibrationFigures {
  ece: number;
  mce: number;
  brier: number;
  nll: number;
}

export interface CalibrationSummary extends CalibrationFigures {
  n: number;
  accuracy: number;
  bins: ReliabilityBin[];
}

/** Index of the largest probability (the first on ties). */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}

export function confidenceBin(confidence: number, bins = RELIABILITY_BINS): number {
  return Math.min(Math.max(Math.floor(confidence * bins), 0), bins - 1);
}

export function reliabilityBins(items: readonly LabelledItem[], bins = RELIABILITY_BINS): ReliabilityBin[] {
  const sums = Array.from({ length: bins }, () => ({ count: 0, confidence: 0, correct: 0 }));
  for (const item of items) {
    const predicted = argmax(item.probabilities);
    const confidence = item.probabilities[predicted] as number;
    const bin = sums[confidenceBin(confidence, bins)] as (typeof sums)[number];
    bin.count++;
    bin.confidence += confidence;
    if (predicted === item.truth) bin.correct++;
  }
  return sums.map((sum, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: sum.count,
    confidence: sum.count > 0 ? sum.confidence / sum.count : null,
    accuracy: sum.count > 0 ? sum.correct / sum.count : null,
  }));
}

export function calibrationFigures(items: readonly LabelledItem[], bins: ReliabilityBin[] = reliabilityBins(items)): CalibrationFigures {
  const n = items.length;
  if (n === 0) return { ece: 0, mce: 0, brier: 0, nll: 0 };
  let ece = 0;
  let mce = 0;
  for (const bin of bins) {
    if (bin.count === 0) continue;
    const gap = Math.abs((bin.accuracy as number) - (bin.confidence as number));
    ece += (bin.count / n) * gap;
    mce = Math.max(mce, gap);
  }
  let brier = 0;
  let nll = 0;
  for (const item of items) {
    item.probabilities.forEach((p, k) => {
      brier += (p - (k === item.truth ? 1 : 0)) ** 2;
    });
    nll -= Math.log(Math.max(item.probabilities[item.truth] ?? 0, NLL_PROBABILITY_FLOOR));
  }
  return { ece, mce, brier: brier / n, nll: nll / n };
}

export function calibrationSummary(items: readonly LabelledItem[]): CalibrationSummary {
  const bins = reliabilityBins(items);
  const correct = items.filter((item) => argmax(item.probabilities) === item.truth).length;
  return { n: items.length, accuracy: items.length > 0 ? correct / items.length : 0, bins, ...calibrationFigures(items, bins) };
}
