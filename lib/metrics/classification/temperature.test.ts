import { describe, expect, it } from "vitest";
import { fitTemperature, scaledProbabilities, splitHoldout, temperatureNll, type LogprobItem } from "./temperature";

describe("temperature scaling", () => {
  it("p ∝ exp(lp / T)", () => {
    const p = scaledProbabilities([Math.log(0.8), Math.log(0.2)], 2);
    expect(p[0]).toBeCloseTo(Math.sqrt(0.8) / (Math.sqrt(0.8) + Math.sqrt(0.2)), 12);
  });

  it("fits the T a brute-force grid finds for an overconfident classifier (T > 1)", () => {
    // Always 95% sure, right 70% of the time.
    const items: LogprobItem[] = Array.from({ length: 100 }, (_, i) => ({ logprobs: [Math.log(0.95), Math.log(0.05)], truth: i % 10 < 7 ? 0 : 1 }));
    const fitted = fitTemperature(items);
    let bestT = 1;
    let bestNll = Number.POSITIVE_INFINITY;
    for (let t = 0.05; t <= 20; t += 0.002) {
      const nll = temperatureNll(items, t);
      if (nll < bestNll) [bestT, bestNll] = [t, nll];
    }
    expect(fitted).toBeGreaterThan(1);
    expect(fitted).toBeCloseTo(bestT, 2);
    expect(temperatureNll(items, fitted)).toBeLessThanOrEqual(bestNll + 1e-9);
    // The calibrated confidence is the observed accuracy: 0.95^(1/T) / (0.95^(1/T) + 0.05^(1/T)) = 0.7.
    expect(scaledProbabilities([Math.log(0.95), Math.log(0.05)], fitted)[0]).toBeCloseTo(0.7, 4);
  });

  it("sharpens an underconfident classifier (T < 1) and returns 1 with nothing to fit", () => {
    const items: LogprobItem[] = Array.from({ length: 50 }, (_, i) => ({ logprobs: [Math.log(0.6), Math.log(0.4)], truth: i % 10 < 9 ? 0 : 1 }));
    expect(fitTemperature(items)).toBeLessThan(1);
    expect(fitTemperature([])).toBe(1);
  });

  it("splits the holdout deterministically: even positions fit, odd ones evaluate", () => {
    expect(splitHoldout([0, 1, 2, 3, 4])).toEqual({ fit: [0, 2, 4], evaluate: [1, 3] });
  });
});
