import type { DataLayer } from "@/lib/db/database";
import { calibrationFigures, calibrationSummary, type ReliabilityBin } from "@/lib/metrics/classification/calibration";
import { fitTemperature, scaledProbabilities, splitHoldout } from "@/lib/metrics/classification/temperature";
import { labelledScores, type TimeWindow } from "./labelledScores";

type Figures = { ece: number | null; mce: number | null; brier: number | null; nll: number | null };

/** What GET /api/v1/classification/tasks/{id}/calibration answers (figures null when nothing is labelled). */
export interface CalibrationReport extends Figures {
  n: number;
  accuracy: number | null;
  bins: ReliabilityBin[];
  temperature: number;
  /** The evaluation half's figures as scored (T = 1): what `calibrated` compares with. */
  evaluated: Figures & { n: number };
  /** The evaluation half's figures after temperature scaling (out of sample). */
  calibrated: Figures;
}

const NO_FIGURES: Figures = { ece: null, mce: null, brier: null, nll: null };

/**
 * Calibration over the labelled, scored responses in the window: the figures as scored, and
 * after temperature scaling. T is fitted on the holdout half (even positions in
 * (occurredAt, id) order) and the calibrated figures are measured on the other half, so they
 * are out of sample; null when that half is empty (fewer than 2 labelled responses).
 */
export async function calibrationReport(db: DataLayer, task: { id: string; labels: readonly string[] }, window: TimeWindow): Promise<CalibrationReport> {
  const items = await labelledScores(db, task, window);
  const summary = calibrationSummary(items);
  const { fit, evaluate } = splitHoldout(items);
  const temperature = fitTemperature(fit.map((item) => ({ logprobs: item.logprobs, truth: item.truth })));
  const on = (t: number) => calibrationFigures(evaluate.map((item) => ({ probabilities: scaledProbabilities(item.logprobs, t), truth: item.truth })));
  const calibrated = evaluate.length > 0 ? on(temperature) : NO_FIGURES;
  const evaluated = { n: evaluate.length, ...(evaluate.length > 0 ? on(1) : NO_FIGURES) };
  const empty = items.length === 0;
  return {
    n: summary.n,
    accuracy: empty ? null : summary.accuracy,
    ece: empty ? null : summary.ece,
    mce: empty ? null : summary.mce,
    brier: empty ? null : summary.brier,
    nll: empty ? null : summary.nll,
    bins: summary.bins,
    temperature,
    evaluated,
    calibrated,
  };
}
