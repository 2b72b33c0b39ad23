import { describe, expect, it } from "vitest";
import { operatingPoint, rocAuc, thinCurve, thresholdCurve } from "./thresholds";

const items = [
  { confidence: 0.9, correct: true },
  { confidence: 0.8, correct: false },
  { confidence: 0.7, correct: true },
  { confidence: 0.6, correct: true },
  { confidence: 0.5, correct: false },
];

describe("routing thresholds", () => {
  it("PR and ROC points by hand", () => {
    const curve = thresholdCurve(items);
    expect(curve.map((p) => p.threshold)).toEqual([Number.POSITIVE_INFINITY, 0.9, 0.8, 0.7, 0.6, 0.5]);
    expect(curve.map((p) => p.precision)).toEqual([1, 1, 1 / 2, 2 / 3, 3 / 4, 3 / 5]);
    expect(curve.map((p) => p.recall)).toEqual([0, 1 / 3, 1 / 3, 2 / 3, 1, 1]);
    expect(curve.map((p) => p.fpr)).toEqual([0, 0, 1 / 2, 1 / 2, 1 / 2, 1]);
    expect(curve.map((p) => p.routedShare)).toEqual([1, 4 / 5, 3 / 5, 2 / 5, 1 / 5, 0]);
    // ROC AUC by trapezoids over (fpr, recall): (0,0)→(0,1/3): 0; →(1/2,1/3): 1/6;
    // →(1/2,2/3): 0; →(1/2,1): 0; →(1,1): 1/2; total 2/3
    expect(rocAuc(curve)).toBeCloseTo(2 / 3, 12);
  });

  it("the operating point is the lowest threshold reaching the target precision", () => {
    const curve = thresholdCurve(items);
    expect(operatingPoint(curve, 0.7)).toMatchObject({ threshold: 0.6, precision: 0.75, routedShare: 0.2 });
    expect(operatingPoint(curve, 0.8)).toMatchObject({ threshold: 0.9, precision: 1, routedShare: 0.8 });
    expect(operatingPoint(curve, 1.01)).toBeNull();
  });

  it("ties share one threshold; thinning keeps the ends", () => {
    const curve = thresholdCurve([{ confidence: 0.5, correct: true }, { confidence: 0.5, correct: false }]);
    expect(curve).toHaveLength(2);
    expect(curve[1]).toMatchObject({ threshold: 0.5, accepted: 2, precision: 0.5 });
    const thin = thinCurve(Array.from({ length: 1000 }, (_, i) => i), 10);
    expect(thin).toHaveLength(10);
    expect(thin[0]).toBe(0);
    expect(thin[9]).toBe(999);
  });
});
