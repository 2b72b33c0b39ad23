import { describe, expect, it } from "vitest";
import type { NormalizedToken } from "@/lib/logprobs/types";
import { FLOOR_WHEN_NOTHING_SHOWN, labelKey, scoresFromFirstToken, scoresFromSequenceLogprobs } from "./labelScores";

const token = (text: string, logprob: number, top: Array<[string, number]>): NormalizedToken => ({
  token: text, logprob, bytes: null, top: top.map(([t, lp]) => ({ token: t, logprob: lp, bytes: null })),
});

describe("label renormalization from the first token's top_logprobs", () => {
  it("folds case and space variants into one label (best variant), floors a missing label and says so", () => {
    // Shown: 0.670 + 0.082 + 0.135 + 0.050 + 0.018 = 0.955, so 0.045 unseen, more than half the least shown.
    const first = token(" Yes", -0.4, [[" Yes", -0.4], ["yes", -2.5], [" No", -2], ["YES", -3], ["maybe", -4]]);
    const scores = scoresFromFirstToken(["Yes", "No", "Unsure"], first);
    expect(scores).not.toBeNull();
    const floor = -4 - Math.log(2); // least probable shown token, halved
    expect(scores?.logprobs).toEqual([-0.4, -2, floor]);
    const total = Math.exp(-0.4) + Math.exp(-2) + Math.exp(floor);
    expect(scores?.probabilities[0]).toBeCloseTo(Math.exp(-0.4) / total, 12);
    expect(scores?.probabilities[1]).toBeCloseTo(Math.exp(-2) / total, 12);
    expect(scores?.probabilities[2]).toBeCloseTo(Math.exp(floor) / total, 12);
    expect(scores?.predicted).toBe("Yes");
    expect(scores?.confidence).toBeCloseTo(Math.exp(-0.4) / total, 12);
    expect(scores?.logMargin).toBeCloseTo(1.6, 12);
    const p = [Math.exp(-0.4), Math.exp(-2), Math.exp(floor)].map((w) => w / total);
    expect(scores?.entropyBits).toBeCloseTo(-p.reduce((s, x) => s + x * Math.log2(x), 0), 12);
    expect(scores?.floored).toEqual(["Unsure"]);
    expect(scores?.source).toBe("top_logprobs");
  });

  it("takes the best variant, not the sum, and the chosen token even when absent from top", () => {
    const first = token("no", -0.1, [["Yes", -2.5], [" yes ", -2.4]]);
    const scores = scoresFromFirstToken(["yes", "no"], first);
    expect(scores?.logprobs).toEqual([-2.4, -0.1]);
    expect(scores?.predicted).toBe("no");
    expect(scores?.confidence).toBeCloseTo(1 / (1 + Math.exp(-2.3)), 12);
    expect(scores?.floored).toEqual([]);
  });

  it("is null when no candidate matches any label", () => {
    expect(scoresFromFirstToken(["yes", "no"], token("The", -0.1, [["A", -2]]))).toBeNull();
    expect(scoresFromFirstToken(["yes", "no"], undefined)).toBeNull();
  });

  it("keeps probability-0 labels finite (clamped at the lowest kept logprob)", () => {
    const scores = scoresFromFirstToken(["a", "b"], token("a", 0, [["a", 0], ["b", Number.NEGATIVE_INFINITY]]));
    expect(scores?.logprobs).toEqual([0, FLOOR_WHEN_NOTHING_SHOWN]);
    expect(Number.isFinite(scores?.logMargin)).toBe(true);
  });

  it("floors an absent label within the probability nothing shown holds: a lone chosen token's confidence follows it", () => {
    // Together and logprobs without top_logprobs: the chosen token is the only candidate.
    const sure = scoresFromFirstToken(["Yes", "No"], token(" Yes", -0.01, []));
    expect(sure?.logprobs[1]).toBeCloseTo(Math.log(1 - Math.exp(-0.01)), 12);
    expect(sure?.confidence).toBeCloseTo(Math.exp(-0.01), 12);
    const surer = scoresFromFirstToken(["Yes", "No"], token(" Yes", -0.001, []));
    expect(surer?.confidence).toBeGreaterThan(sure?.confidence as number);
    // Two absent labels share the unseen 1 − e^−0.05.
    const three = scoresFromFirstToken(["Yes", "No", "Maybe"], token("Yes", -0.05, []));
    expect(three?.logprobs.slice(1)).toEqual([Math.log((1 - Math.exp(-0.05)) / 2), Math.log((1 - Math.exp(-0.05)) / 2)]);
  });

  it("floors an absent label at the clamp when a shown candidate has probability 0", () => {
    // llama.cpp post-sampling probabilities under greedy decoding: the rest are 0.
    const scores = scoresFromFirstToken(["A", "B", "C"], token("A", 0, [["A", 0], ["B", Number.NEGATIVE_INFINITY]]));
    expect(scores?.logprobs).toEqual([0, FLOOR_WHEN_NOTHING_SHOWN, FLOOR_WHEN_NOTHING_SHOWN]);
  });

  it("label keys trim and ignore case", () => {
    expect(labelKey("  YeS\n")).toBe("yes");
  });
});

describe("full-sequence label logprobs (metadata.labelLogprobs)", () => {
  it("renormalizes over the labels and floors a missing one below the least probable given", () => {
    const scores = scoresFromSequenceLogprobs(["billing", "tech support", "other"], { Billing: -0.5, "tech support": -1.2 });
    // Below the least probable given (−1.2 − ln 2 = −1.89), and within what the two leave: ln(1 − 0.607 − 0.301) = −2.38.
    const floor = Math.log(1 - Math.exp(-0.5) - Math.exp(-1.2));
    expect(scores?.logprobs).toEqual([-0.5, -1.2, floor]);
    expect(scores?.floored).toEqual(["other"]);
    expect(scores?.source).toBe("sequence");
    const total = Math.exp(-0.5) + Math.exp(-1.2) + Math.exp(floor);
    expect(scores?.confidence).toBeCloseTo(Math.exp(-0.5) / total, 12);
  });

  it("ignores values that are not log probabilities", () => {
    expect(scoresFromSequenceLogprobs(["a", "b"], { a: "x", b: 3 })).toBeNull();
  });
});
