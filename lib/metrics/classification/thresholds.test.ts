import { describe, expect, it } from "vitest";
import { operatingPoint, rocAuc, sentCurveIndexes, thresholdCurve } from "./thresholds";

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
    // Undefined with nothing to tell apart: every prediction right, or every one wrong.
    expect(rocAuc(thresholdCurve([{ confidence: 0.9, correct: true }, { confidence: 0.6, correct: true }, { confidence: 0.7, correct: true }]))).toBeNull();
    expect(rocAuc(thresholdCurve([{ confidence: 0.9, correct: false }, { confidence: 0.6, correct: false }]))).toBeNull();
    expect(rocAuc(thresholdCurve([]))).toBeNull();
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
  });

  it("sends a thinned curve that keeps its ends and the exact point of every slider step", () => {
    // 1,000 confidences evenly over [0.5, 1): accepting at >= 0.80 routes exactly 60% of them.
    const items = Array.from({ length: 1000 }, (_, i) => ({ confidence: 0.5 + i / 2000, correct: i % 3 !== 0 }));
    const curve = thresholdCurve(items);
    const sent = sentCurveIndexes(curve, 200, 0.01).map((index) => curve[index]!);
    expect(sent[0]?.threshold).toBe(Number.POSITIVE_INFINITY);
    expect(sent.at(-1)).toBe(curve.at(-1));
    expect(sent.length).toBeLessThanOrEqual(200 + 101);
    const at = (t: number) => sent.filter((p) => p.threshold >= t).at(-1)!;
    expect(at(0.8).threshold).toBe(0.8);
    expect(at(0.8).routedShare).toBe(0.6);
    expect(at(0.95).routedShare).toBe(0.9);
    // What the full curve says for every step, the sent one says too.
    for (let s = 0; s <= 100; s++) expect(at(s / 100)).toBe(curve.filter((p) => p.threshold >= s / 100).at(-1));
    expect(sentCurveIndexes(curve.slice(0, 5), 200, 0.01)).toEqual([0, 1, 2, 3, 4]);
  });
});
