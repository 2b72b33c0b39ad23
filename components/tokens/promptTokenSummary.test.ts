import { describe, expect, it } from "vitest";
import { promptTokenSummary, surprisalBits } from "./promptTokenSummary";

describe("surprisalBits", () => {
  it("is −log2 p: 1 bit at p = 1/2, 0 at p = 1, ∞ at p = 0, null when not given", () => {
    expect(surprisalBits({ logprob: Math.log(0.5) })).toBeCloseTo(1, 12);
    expect(surprisalBits({ logprob: Math.log(1 / 8) })).toBeCloseTo(3, 12);
    expect(surprisalBits({ logprob: 0 })).toBe(0);
    expect(surprisalBits({ logprob: 1e-7 })).toBe(0);
    expect(surprisalBits({ logprob: null, zeroProbability: true })).toBe(Infinity);
    expect(surprisalBits({ logprob: null })).toBeNull();
  });
});

describe("promptTokenSummary", () => {
  // A legacy echo: the first prompt token has no logprob.
  const echoed = [
    { token: "The", logprob: null },
    { token: " capital", logprob: Math.log(1 / 16) },
    { token: " of", logprob: Math.log(1 / 2) },
    { token: " France", logprob: Math.log(1 / 64) },
    { token: " is", logprob: Math.log(1 / 4) },
  ];

  it("means over the tokens with a logprob, leaving the null first token out", () => {
    const summary = promptTokenSummary(echoed);
    expect(summary.tokenCount).toBe(5);
    expect(summary.scoredCount).toBe(4);
    expect(summary.unscoredCount).toBe(1);
    // (−4 −1 −6 −2) bits / 4 = 3.25 bits; the same in nats for the logprob.
    expect(summary.meanSurprisalBits).toBeCloseTo(3.25, 12);
    expect(summary.meanLogprob).toBeCloseTo(-3.25 * Math.LN2, 12);
  });

  it("ranks the most surprising tokens, probability 0 first, ties by position", () => {
    const tokens = [...echoed, { token: " Lyon", logprob: null, zeroProbability: true as const }, { token: " (", logprob: Math.log(1 / 64) }];
    const summary = promptTokenSummary(tokens, { top: 3 });
    expect(summary.mostSurprising.map((t) => [t.index, t.token])).toEqual([[5, " Lyon"], [3, " France"], [6, " ("]]);
    expect(summary.mostSurprising[1]?.surprisalBits).toBeCloseTo(6, 12);
    // −∞ stays out of the mean, as in the output's metrics.
    expect(summary.scoredCount).toBe(5);
  });

  it("counts the stored total when only the first page of prompt tokens was served", () => {
    expect(promptTokenSummary(echoed, { total: 2_500 }).tokenCount).toBe(2_500);
  });

  it("has no mean for a prompt of unscored tokens only", () => {
    const summary = promptTokenSummary([{ token: "Hi", logprob: null }]);
    expect(summary).toMatchObject({ tokenCount: 1, scoredCount: 0, meanLogprob: null, meanSurprisalBits: null, mostSurprising: [] });
  });
});
