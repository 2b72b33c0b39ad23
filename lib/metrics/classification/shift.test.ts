import { describe, expect, it } from "vitest";
import { decileEdges, kolmogorovQ, ksStatistic, ksTest, psi, PSI_EPSILON } from "./shift";

/** sup |F_a − F_b| by evaluating both empirical CDFs at every sample point (the definition). */
function referenceKs(a: number[], b: number[]): number {
  const cdf = (xs: number[], x: number) => xs.filter((v) => v <= x).length / xs.length;
  return Math.max(...[...a, ...b].map((x) => Math.abs(cdf(a, x) - cdf(b, x))));
}

describe("PSI", () => {
  it("cuts at the reference's deciles (type-7) and matches a hand computation with the epsilon", () => {
    const reference = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const edges = decileEdges(reference);
    edges.forEach((edge, i) => expect(edge).toBeCloseTo(1 + 0.9 * (i + 1), 12));
    const current = [1, 1, 1, 1, 1, 10, 10, 10, 10, 10];
    // bins 0 and 9 hold half each; the 8 middle bins are empty (raised to 1e-4)
    const expected = 2 * (0.5 - 0.1) * Math.log(0.5 / 0.1) + 8 * (PSI_EPSILON - 0.1) * Math.log(PSI_EPSILON / 0.1);
    expect(psi(reference, current)).toBeCloseTo(expected, 12);
    expect(psi(reference, reference)).toBe(0);
    expect(psi([], current)).toBeNull();
  });
});

describe("two-sample Kolmogorov–Smirnov", () => {
  it("D matches the definition on random samples, with ties", () => {
    let seed = 3;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const a = Array.from({ length: 80 }, () => Math.round(random() * 20) / 20);
    const b = Array.from({ length: 60 }, () => Math.round((random() * 0.8 + 0.2) * 20) / 20);
    expect(ksStatistic(a, b)).toBeCloseTo(referenceKs(a, b), 12);
    expect(ksStatistic([1, 2, 3], [4, 5])).toBe(1);
  });

  it("Q_KS matches the Kolmogorov distribution's table (critical values 1.2238, 1.3581, 1.6276)", () => {
    expect(kolmogorovQ(1.2238)).toBeCloseTo(0.1, 3);
    expect(kolmogorovQ(1.3581)).toBeCloseTo(0.05, 3);
    expect(kolmogorovQ(1.6276)).toBeCloseTo(0.01, 3);
    expect(kolmogorovQ(0)).toBe(1);
  });

  it("p-value uses the effective size with Stephens' correction", () => {
    const a = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
    const b = [0.55, 0.65, 0.75, 0.85, 0.95, 1.05];
    const result = ksTest(a, b);
    const ne = (8 * 6) / 14;
    const lambda = (Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * (result?.statistic ?? 0);
    let q = 0;
    for (let k = 1; k < 50; k++) q += 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * lambda * lambda);
    expect(result?.statistic).toBeCloseTo(referenceKs(a, b), 12);
    expect(result?.pValue).toBeCloseTo(q, 10);
    expect(ksTest(a, a)?.pValue).toBe(1);
  });
});
