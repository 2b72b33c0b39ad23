import { describe, expect, it } from "vitest";
import { labelProbabilities } from "./labelProbabilities";

describe("labelProbabilities", () => {
  it("renormalizes over the labels only (hand-computed)", () => {
    // p(yes)=0.6, p(no)=0.2, other mass 0.2 ignored: 0.6/0.8 = 0.75, 0.2/0.8 = 0.25.
    const result = labelProbabilities(["yes", "no"], [
      { token: "yes", logprob: Math.log(0.6) },
      { token: "maybe", logprob: Math.log(0.2) },
      { token: "no", logprob: Math.log(0.2) },
    ]);
    expect(result.map((r) => r.probability)).toEqual([expect.closeTo(0.75, 12), expect.closeTo(0.25, 12)]);
    expect(result.every((r) => r.inTopK)).toBe(true);
  });

  it("matches after trimming and ignoring case, taking the best variant per label", () => {
    // " Yes" (0.3) beats "yes" (0.1); "NO" (0.1): 0.3/0.4 and 0.1/0.4.
    const result = labelProbabilities(["Yes", "no"], [
      { token: " Yes", logprob: Math.log(0.3) },
      { token: "yes", logprob: Math.log(0.1) },
      { token: "NO", logprob: Math.log(0.1) },
    ]);
    expect(result[0]).toMatchObject({ label: "Yes", matchedToken: " Yes" });
    expect(result[0]?.probability).toBeCloseTo(0.75, 12);
    expect(result[1]?.probability).toBeCloseTo(0.25, 12);
  });

  it("marks labels absent from the top-k and leaves them out of the sum", () => {
    const result = labelProbabilities(["cat", "dog", "fish"], [
      { token: "cat", logprob: -1 },
      { token: "dog", logprob: -2 },
    ]);
    const e1 = Math.exp(-1);
    const e2 = Math.exp(-2);
    expect(result[0]?.probability).toBeCloseTo(e1 / (e1 + e2), 12);
    expect(result[1]?.probability).toBeCloseTo(e2 / (e1 + e2), 12);
    expect(result[2]).toMatchObject({ label: "fish", inTopK: false, probability: null, logprob: null });
  });

  it("does not underflow on very negative logprobs", () => {
    const result = labelProbabilities(["a", "b"], [
      { token: "a", logprob: -1000 },
      { token: "b", logprob: -1000 - Math.log(3) },
    ]);
    expect(result[0]?.probability).toBeCloseTo(0.75, 12);
  });

  it("keeps duplicate labels once and ignores blank ones; no label found gives all null", () => {
    const result = labelProbabilities(["A", " a ", "", "b"], [{ token: "z", logprob: -0.1 }]);
    expect(result.map((r) => r.label)).toEqual(["A", "b"]);
    expect(result.every((r) => r.probability === null && !r.inTopK)).toBe(true);
  });
});
