import { describe, expect, it } from "vitest";
import type { NormalizedToken } from "@/lib/logprobs/types";
import {
  argmaxKey,
  compareGenerations,
  distributionEntropyBits,
  driftLabel,
  klDivergence,
  smoothedPair,
  summarizePositions,
  topKDistribution,
  type TopKDistribution,
} from "./probeDrift";

const dist = (entries: Record<string, number>): TopKDistribution => new Map(Object.entries(entries).map(([token, p]) => [`t:${token}`, p]));
const token = (text: string, top: Record<string, number>): NormalizedToken => ({
  token: text,
  logprob: Math.log(top[text] ?? 1e-9),
  bytes: null,
  top: Object.entries(top).map(([alt, p]) => ({ token: alt, logprob: Math.log(p), bytes: null })),
});

describe("topKDistribution (renormalized top-k)", () => {
  it("renormalizes the listed alternatives to sum to 1", () => {
    // 0.4 and 0.2 of the full vocabulary -> 2/3 and 1/3 of the top-2.
    const d = topKDistribution(token("a", { a: 0.4, b: 0.2 }));
    expect(d.get("t:a")).toBeCloseTo(2 / 3, 12);
    expect(d.get("t:b")).toBeCloseTo(1 / 3, 12);
  });

  it("adds the chosen token when the provider did not list it, and matches byte tokens by bytes", () => {
    const d = topKDistribution({ token: "c", logprob: Math.log(0.1), bytes: null, top: [{ token: "a", logprob: Math.log(0.3), bytes: null }] });
    expect(d.get("t:c")).toBeCloseTo(0.25, 12);
    const bytesA = topKDistribution({ token: "\uFFFD", logprob: Math.log(0.5), bytes: [0xe2], top: [{ token: "\uFFFD", logprob: Math.log(0.5), bytes: [0xe2] }, { token: "\uFFFD", logprob: Math.log(0.5), bytes: [0x98] }] });
    expect([...bytesA.keys()]).toEqual(["b:226", "b:152"]);
  });
});

describe("klDivergence (KL of the renormalized top-k, smoothed)", () => {
  it("is exactly 0 for identical distributions", () => {
    expect(klDivergence(dist({ a: 0.7, b: 0.2, c: 0.1 }), dist({ a: 0.7, b: 0.2, c: 0.1 }))).toBe(0);
  });

  it("matches the hand-computed value over shared tokens: 0.5·ln(0.5/0.75) + 0.5·ln(0.5/0.25) = 0.5·ln(4/3)", () => {
    expect(klDivergence(dist({ a: 0.5, b: 0.5 }), dist({ a: 0.75, b: 0.25 }))).toBeCloseTo(0.14384103622589042, 12);
  });

  it("smooths a token missing from one side with ε = 1e-4 before renormalizing", () => {
    const { p, q } = smoothedPair(dist({ a: 1 }), dist({ b: 1 }));
    expect(p).toEqual([1 / 1.0001, 0.0001 / 1.0001]);
    expect(q).toEqual([0.0001 / 1.0001, 1 / 1.0001]);
    // Disjoint one-token sides: ((1-ε)/(1+ε))·ln(1/ε).
    expect(klDivergence(dist({ a: 1 }), dist({ b: 1 }))).toBeCloseTo(9.208498488090177, 10);
    // Baseline {a,b} at 1/2, run only {a}: 0.5·ln(0.5(1+ε)) + 0.5·ln(0.5(1+ε)/ε).
    expect(klDivergence(dist({ a: 0.5, b: 0.5 }), dist({ a: 1 }))).toBeCloseTo(3.9121230004284797, 10);
    // A larger ε makes a missing token cost less.
    expect(klDivergence(dist({ a: 1 }), dist({ b: 1 }), 0.01)).toBeLessThan(5);
  });
});

describe("entropy shift and argmax", () => {
  it("entropy in bits of the renormalized top-k; shift = H(run) − H(baseline)", () => {
    expect(distributionEntropyBits(dist({ a: 1 }))).toBe(0);
    expect(distributionEntropyBits(dist({ a: 0.5, b: 0.5 }))).toBe(1);
    expect(distributionEntropyBits(dist({ a: 0.25, b: 0.25, c: 0.25, d: 0.25 }))).toBe(2);
    const [position] = compareGenerations([token("a", { a: 1 })], [token("a", { a: 0.5, b: 0.5 })]).positions;
    expect(position!.entropyShift).toBe(1);
  });

  it("argmax is the most probable key", () => {
    expect(argmaxKey(dist({ a: 0.2, b: 0.7, c: 0.1 }))).toBe("t:b");
    expect(argmaxKey(new Map())).toBeNull();
  });
});

describe("compareGenerations (alignment, first divergence)", () => {
  const A = token("A", { A: 0.9, B: 0.1 });
  const B = token("B", { B: 0.6, C: 0.4 });
  const C = token("C", { C: 0.8, A: 0.2 });

  it("compares every position of identical generations, KL 0, no divergence", () => {
    const result = compareGenerations([A, B, C], [A, B, C]);
    expect(result.firstDivergence).toBeNull();
    expect(result.positions.map((p) => p.kl)).toEqual([0, 0, 0]);
    expect(summarizePositions(result.positions)).toEqual({ meanKl: 0, meanEntropyShift: 0, argmaxChangedShare: 0, comparedPositions: 3 });
  });

  it("stops after the first position whose chosen tokens differ, and compares that one", () => {
    const X = token("C", { C: 0.6, B: 0.4 });
    const result = compareGenerations([A, B, C, A], [A, X, A, A]);
    expect(result.firstDivergence).toBe(1);
    expect(result.positions.map((p) => p.position)).toEqual([0, 1]);
    const moved = result.positions[1]!;
    expect(moved.argmaxChanged).toBe(true);
    expect(moved.baselineToken).toBe("B");
    expect(moved.runToken).toBe("C");
    // 0.6·ln(0.6/0.4) + 0.4·ln(0.4/0.6) = 0.2·ln(1.5)
    expect(moved.kl).toBeCloseTo(0.2 * Math.log(1.5), 12);
    const summary = summarizePositions(result.positions);
    expect(summary.meanKl).toBeCloseTo(0.1 * Math.log(1.5), 12);
    expect(summary.argmaxChangedShare).toBe(0.5);
  });

  it("reports an earlier end as a divergence at the shorter length", () => {
    const result = compareGenerations([A, B, C], [A, B]);
    expect(result.firstDivergence).toBe(2);
    expect(result.positions).toHaveLength(2);
  });

  it("has no figures without compared positions", () => {
    expect(summarizePositions([])).toEqual({ meanKl: null, meanEntropyShift: null, argmaxChangedShare: null, comparedPositions: 0 });
  });
});

describe("driftLabel (model vs data drift)", () => {
  const run = (meanKl: number | null, isBaseline = false, status = "completed") => ({ meanKl, isBaseline, status });
  it("labels by threshold and production trend shifts", () => {
    expect(driftLabel(run(null, true), 0.1, 3)).toBe("baseline");
    expect(driftLabel(run(0.5), 0.1, 0)).toBe("modelDrift");
    expect(driftLabel(run(0.5), 0.1, 2)).toBe("modelDrift");
    expect(driftLabel(run(0.1), 0.1, 1)).toBe("dataDrift");
    expect(driftLabel(run(0), 0.1, 0)).toBe("stable");
    expect(driftLabel(run(null, false, "failed"), 0.1, 0)).toBe("failed");
  });

  it("does not call a run stable when nothing could be compared (an empty answer, no distributions)", () => {
    expect(driftLabel(run(null), 0.1, 0)).toBe("notCompared");
    expect(driftLabel(run(null), 0.1, 2)).toBe("notCompared");
  });
});
