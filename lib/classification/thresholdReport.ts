import type { DataLayer } from "@/lib/db/database";
import { operatingPoint, rocAuc, sentCurveIndexes, thresholdCurve, type ThresholdPoint } from "@/lib/metrics/classification/thresholds";
import { labelledScores, type TimeWindow } from "./labelledScores";

/** A curve point as JSON carries it: threshold null for "accept nothing" (t = +∞). */
export interface CurvePoint {
  threshold: number | null;
  precision: number;
  recall: number;
  fpr: number;
  routedShare: number;
}

export interface RoutingFigures {
  n: number;
  points: CurvePoint[];
  /** Null when undefined: no correct or no wrong prediction. */
  rocAuc: number | null;
  /** Lowest threshold reaching the target precision: `routedShare` goes to the bigger model, `precision` is what is kept. */
  operatingPoint: (CurvePoint & { accepted: number }) | null;
}

export interface ThresholdReport extends RoutingFigures {
  targetPrecision: number;
  perLabel: Array<RoutingFigures & { label: string }>;
}

/** Points sent per curve (evenly thinned; the operating point is found on the full curve). */
export const CURVE_POINTS = 200;
/** The routing slider's step (RoutingPanel): the curve also carries the exact point of every multiple of it. */
export const SLIDER_STEP = 0.01;

const asPoint = (p: ThresholdPoint): CurvePoint => ({
  threshold: Number.isFinite(p.threshold) ? p.threshold : null, precision: p.precision, recall: p.recall, fpr: p.fpr, routedShare: p.routedShare,
});

function routing(items: ReadonlyArray<{ confidence: number; correct: boolean }>, targetPrecision: number): RoutingFigures {
  const curve = thresholdCurve(items);
  const point = operatingPoint(curve, targetPrecision);
  return {
    n: items.length,
    points: sentCurveIndexes(curve, CURVE_POINTS, SLIDER_STEP).map((index) => asPoint(curve[index] as ThresholdPoint)),
    rocAuc: rocAuc(curve),
    operatingPoint: point ? { ...asPoint(point), accepted: point.accepted } : null,
  };
}

/** PR and ROC of "accept when confidence ≥ t" over labelled responses, overall and per predicted label. */
export async function thresholdReport(db: DataLayer, task: { id: string; labels: readonly string[] }, targetPrecision: number, window: TimeWindow): Promise<ThresholdReport> {
  const items = (await labelledScores(db, task, window)).map((item) => ({
    label: item.predicted, confidence: item.confidence, correct: task.labels[item.truth] === item.predicted,
  }));
  return {
    targetPrecision,
    ...routing(items, targetPrecision),
    perLabel: task.labels.map((label) => ({ label, ...routing(items.filter((item) => item.label === label), targetPrecision) })),
  };
}
