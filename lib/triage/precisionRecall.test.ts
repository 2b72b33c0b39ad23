import { describe, expect, it } from "vitest";
import { precision, precisionRecallCurve, thresholdForPrecision, type ScoredVerdict } from "./precisionRecall";

describe("precision", () => {
  it("is confirmed over confirmed plus false positives, null with neither", () => {
    expect(precision(3, 1)).toBe(0.75);
    expect(precision(0, 2)).toBe(0);
    expect(precision(0, 0)).toBeNull();
  });
});

describe("precisionRecallCurve", () => {
  // confirmed at scores 5, 4, 2; false positives at 3, 1, 0; unsure at 6 (left out)
  const verdicts: ScoredVerdict[] = [
    { score: 5, verdict: "confirmed" }, { score: 4, verdict: "confirmed" }, { score: 2, verdict: "confirmed" },
    { score: 3, verdict: "false_positive" }, { score: 1, verdict: "false_positive" }, { score: 0, verdict: "false_positive" },
    { score: 6, verdict: "unsure" },
  ];
  const curve = precisionRecallCurve(verdicts);

  it("counts flagged, TP and FP at each threshold 0–6", () => {
    expect(curve.map((p) => [p.threshold, p.flagged, p.truePositives, p.falsePositives])).toEqual([
      [0, 6, 3, 3], [1, 5, 3, 2], [2, 4, 3, 1], [3, 3, 2, 1], [4, 2, 2, 0], [5, 1, 1, 0], [6, 0, 0, 0],
    ]);
    expect(curve.map((p) => p.precision)).toEqual([0.5, 0.6, 0.75, 2 / 3, 1, 1, null]);
    expect(curve.map((p) => p.recall)).toEqual([1, 1, 1, 2 / 3, 2 / 3, 1 / 3, 0]);
  });

  it("picks the lowest threshold reaching the precision, or none", () => {
    expect(thresholdForPrecision(curve, 0.7)?.threshold).toBe(2);
    expect(thresholdForPrecision(curve, 0.9)?.threshold).toBe(4);
    expect(thresholdForPrecision(precisionRecallCurve([{ score: 6, verdict: "false_positive" }]), 0.5)).toBeNull();
  });

  it("has no recall without a confirmed verdict", () => {
    expect(precisionRecallCurve([{ score: 2, verdict: "false_positive" }])[0]).toMatchObject({ precision: 0, recall: null });
  });
});
