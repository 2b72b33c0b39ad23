import { describe, expect, it } from "vitest";
import { calibrationSummary, type LabelledItem } from "./calibration";

/** ECE and MCE by a direct loop over the 15 bins, written out independently of the implementation. */
function referenceEceMce(items: LabelledItem[]) {
  let ece = 0;
  let mce = 0;
  for (let b = 0; b < 15; b++) {
    const inBin = items.filter((item) => {
      const confidence = Math.max(...item.probabilities);
      return b === 14 ? confidence >= 14 / 15 : confidence >= b / 15 && confidence < (b + 1) / 15;
    });
    if (inBin.length === 0) continue;
    const conf = inBin.reduce((s, item) => s + Math.max(...item.probabilities), 0) / inBin.length;
    const acc = inBin.filter((item) => item.probabilities.indexOf(Math.max(...item.probabilities)) === item.truth).length / inBin.length;
    ece += (inBin.length / items.length) * Math.abs(acc - conf);
    mce = Math.max(mce, Math.abs(acc - conf));
  }
  return { ece, mce };
}

describe("calibration figures", () => {
  it("matches a hand computation: accuracy, ECE, MCE, Brier, NLL", () => {
    const items: LabelledItem[] = [
      { probabilities: [0.9, 0.1], truth: 0 }, // conf 0.9 (bin 13), right
      { probabilities: [0.8, 0.2], truth: 1 }, // conf 0.8 (bin 12), wrong
      { probabilities: [0.6, 0.4], truth: 0 }, // conf 0.6 (bin 9), right
      { probabilities: [0.3, 0.7], truth: 1 }, // conf 0.7 (bin 10), right
    ];
    const s = calibrationSummary(items);
    expect(s.n).toBe(4);
    expect(s.accuracy).toBe(0.75);
    expect(s.ece).toBeCloseTo((0.1 + 0.8 + 0.4 + 0.3) / 4, 12);
    expect(s.mce).toBeCloseTo(0.8, 12);
    expect(s.brier).toBeCloseTo((0.02 + 1.28 + 0.32 + 0.18) / 4, 12);
    expect(s.nll).toBeCloseTo(-(Math.log(0.9) + Math.log(0.2) + Math.log(0.6) + Math.log(0.7)) / 4, 12);
    expect(s.bins).toHaveLength(15);
    expect(s.bins[13]).toMatchObject({ count: 1, accuracy: 1 });
    expect(s.bins[13]?.confidence).toBeCloseTo(0.9, 12);
    expect(s.bins[12]).toMatchObject({ count: 1, accuracy: 0 });
    expect(s.bins[0]).toMatchObject({ count: 0, accuracy: null, confidence: null });
  });

  it("agrees with a direct loop on random three-class data, confidence 1.0 in the last bin", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const items: LabelledItem[] = Array.from({ length: 500 }, () => {
      const w = [random(), random() ** 3, random() ** 5];
      const total = w.reduce((a, b) => a + b, 0);
      return { probabilities: w.map((x) => x / total), truth: Math.floor(random() * 3) };
    });
    items.push({ probabilities: [1, 0, 0], truth: 0 });
    const s = calibrationSummary(items);
    const reference = referenceEceMce(items);
    expect(s.ece).toBeCloseTo(reference.ece, 12);
    expect(s.mce).toBeCloseTo(reference.mce, 12);
    expect(s.bins[14]?.count).toBeGreaterThanOrEqual(1);
    const brier = items.reduce((sum, item) => sum + item.probabilities.reduce((t, p, k) => t + (p - (k === item.truth ? 1 : 0)) ** 2, 0), 0) / items.length;
    expect(s.brier).toBeCloseTo(brier, 12);
  });
});
