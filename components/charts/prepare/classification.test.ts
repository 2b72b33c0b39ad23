import { describe, expect, it } from "vitest";
import type { ShiftReport } from "@/lib/classification/shiftReport";
import { calibrationRows, formatFigure, pointAtThreshold, preparePrCurve, prepareReliability, prepareRocCurve, prepareShiftOverTime } from "./classification";

describe("classification chart preparers", () => {
  it("reliability bars: bin labels and centres, empty bins stay null", () => {
    const bars = prepareReliability([
      { lower: 0, upper: 1 / 15, count: 0, confidence: null, accuracy: null },
      { lower: 14 / 15, upper: 1, count: 3, confidence: 0.97, accuracy: 2 / 3 },
    ]);
    expect(bars[0]).toEqual({ label: "0–7%", mid: 1 / 30, accuracy: null, confidence: null, count: 0 });
    expect(bars[1]?.label).toBe("93–100%");
    expect(bars[1]?.mid).toBeCloseTo(29 / 30, 12);
    expect(bars[1]?.accuracy).toBeCloseTo(2 / 3, 12);
  });

  it("calibration rows pair each figure before and after scaling on the same (evaluation) half, not the whole set's", () => {
    const rows = calibrationRows({
      n: 4, accuracy: 1, ece: 0.1, mce: 0.2, brier: 0.3, nll: 0.4, bins: [], temperature: 1.5,
      evaluated: { n: 2, ece: 0.11, mce: 0.22, brier: 0.33, nll: 0.44 }, calibrated: { ece: 0.01, mce: 0.02, brier: 0.03, nll: null },
    });
    expect(rows).toEqual([
      { metric: "ECE", before: 0.11, after: 0.01 },
      { metric: "MCE", before: 0.22, after: 0.02 },
      { metric: "Brier", before: 0.33, after: 0.03 },
      { metric: "NLL", before: 0.44, after: null },
    ]);
  });

  it("PR curve drops the accept-nothing point; the marker is the lowest threshold at or above t", () => {
    const curve = preparePrCurve([
      { threshold: null, precision: 1, recall: 0, fpr: 0, routedShare: 1 },
      { threshold: 0.9, precision: 1, recall: 0.5, fpr: 0, routedShare: 0.5 },
      { threshold: 0.6, precision: 0.75, recall: 1, fpr: 0.5, routedShare: 0 },
    ]);
    expect(curve).toHaveLength(2);
    expect(pointAtThreshold(curve, 0.7)?.threshold).toBe(0.9);
    expect(pointAtThreshold(curve, 0.6)?.threshold).toBe(0.6);
    expect(pointAtThreshold(curve, 0.1)?.routedShare).toBe(0);
    expect(pointAtThreshold(curve, 0.95)).toBeNull();
  });

  it("ROC curve starts at (0, 0) and keeps the threshold order", () => {
    const roc = prepareRocCurve([
      { threshold: null, precision: 1, recall: 0, fpr: 0, routedShare: 1 },
      { threshold: 0.9, precision: 1, recall: 0.5, fpr: 0, routedShare: 0.5 },
      { threshold: 0.6, precision: 0.75, recall: 1, fpr: 0.5, routedShare: 0 },
    ]);
    expect(roc).toEqual([{ fpr: 0, tpr: 0, threshold: null }, { fpr: 0, tpr: 0.5, threshold: 0.9 }, { fpr: 0.5, tpr: 1, threshold: 0.6 }]);
  });

  it("shift over time: empty buckets are gaps", () => {
    const signals = { psi: 0.3, ks: 0.5, pValue: 0.01, alert: true };
    const report = {
      overTime: [
        { from: 0, to: 10, n: 4, signals: { confidence: signals, logMargin: { ...signals, psi: 0.1 }, labelEntropy: signals } },
        { from: 10, to: 20, n: 0, signals: { confidence: { ...signals, psi: null }, logMargin: signals, labelEntropy: signals } },
      ],
    } as unknown as ShiftReport;
    expect(prepareShiftOverTime(report)).toEqual([
      { t: 0, n: 4, confidence: 0.3, logMargin: 0.1, labelEntropy: 0.3 },
      { t: 10, n: 0, confidence: null, logMargin: null, labelEntropy: null },
    ]);
  });

  it("figures format to 3 decimals with a dash for none", () => {
    expect(formatFigure(0.12345)).toBe("0.123");
    expect(formatFigure(null)).toBe("–");
  });
});
