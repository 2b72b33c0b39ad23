import type { CalibrationReport } from "@/lib/classification/calibrationReport";
import type { ShiftReport, ShiftSignal } from "@/lib/classification/shiftReport";
import type { CurvePoint } from "@/lib/classification/thresholdReport";
import type { ReliabilityBin } from "@/lib/metrics/classification/calibration";

/** Chart preparers of the classification page: pure, so they are unit-tested apart from recharts. */

export interface ReliabilityBar {
  label: string;
  /** Bin centre: where the perfectly calibrated diagonal is. */
  mid: number;
  /** Share correct; null for an empty bin (no bar, not a zero bar). */
  accuracy: number | null;
  confidence: number | null;
  count: number;
}

export function prepareReliability(bins: readonly ReliabilityBin[]): ReliabilityBar[] {
  return bins.map((bin) => ({
    label: `${Math.round(bin.lower * 100)}–${Math.round(bin.upper * 100)}%`,
    mid: (bin.lower + bin.upper) / 2,
    accuracy: bin.accuracy,
    confidence: bin.confidence,
    count: bin.count,
  }));
}

export interface CalibrationRow {
  metric: "ECE" | "MCE" | "Brier" | "NLL";
  before: number | null;
  after: number | null;
}

/** Before/after temperature scaling, side by side. */
export function calibrationRows(report: CalibrationReport): CalibrationRow[] {
  return [
    { metric: "ECE", before: report.evaluated.ece, after: report.calibrated.ece },
    { metric: "MCE", before: report.evaluated.mce, after: report.calibrated.mce },
    { metric: "Brier", before: report.evaluated.brier, after: report.calibrated.brier },
    { metric: "NLL", before: report.evaluated.nll, after: report.calibrated.nll },
  ];
}

export interface PrPoint {
  recall: number;
  precision: number;
  /** False positive rate: the ROC's x (recall is its y). */
  fpr: number;
  threshold: number | null;
  routedShare: number;
}

/** The PR curve in recall order (thresholds descending), the "accept nothing" point dropped. */
export function preparePrCurve(points: readonly CurvePoint[]): PrPoint[] {
  return points
    .filter((p) => p.threshold !== null)
    .map((p) => ({ recall: p.recall, precision: p.precision, fpr: p.fpr, threshold: p.threshold, routedShare: p.routedShare }));
}

/** The ROC curve from (0, 0) (accept nothing) through every threshold, in threshold order. */
export function prepareRocCurve(points: readonly CurvePoint[]): Array<{ fpr: number; tpr: number; threshold: number | null }> {
  return points.map((p) => ({ fpr: p.fpr, tpr: p.recall, threshold: p.threshold }));
}

/**
 * What accepting at confidence ≥ t does: the curve point of the lowest listed threshold ≥ t
 * (everything below t is routed). Null when t is above every confidence (all routed).
 */
export function pointAtThreshold(curve: readonly PrPoint[], t: number): PrPoint | null {
  let chosen: PrPoint | null = null;
  for (const p of curve) if (p.threshold !== null && p.threshold >= t && (chosen === null || p.threshold < (chosen.threshold as number))) chosen = p;
  return chosen;
}

export interface ShiftTimePoint {
  t: number;
  n: number;
  confidence: number | null;
  logMargin: number | null;
  labelEntropy: number | null;
}

/** PSI per time bucket of the current window; an empty bucket is a gap (null), not a zero. */
export function prepareShiftOverTime(report: ShiftReport): ShiftTimePoint[] {
  const psiOf = (bucket: ShiftReport["overTime"][number], signal: ShiftSignal) => (bucket.n > 0 ? bucket.signals[signal].psi : null);
  return report.overTime.map((bucket) => ({
    t: bucket.from,
    n: bucket.n,
    confidence: psiOf(bucket, "confidence"),
    logMargin: psiOf(bucket, "logMargin"),
    labelEntropy: psiOf(bucket, "labelEntropy"),
  }));
}

/** A figure for a table cell: 3 decimals, an en dash when there is none. */
export function formatFigure(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || Number.isNaN(value) ? "–" : value.toFixed(digits);
}
