import { describe, expect, it } from "vitest";
import { continuationLogprob, promptTokenSpans, rankAttribution, withoutSpan } from "./attribution";

describe("leave-one-out attribution parts", () => {
  it("aligns prompt tokens to the prompt text from the end, skipping a BOS", () => {
    const spans = promptTokenSpans("Once upon a", ["<s>", "Once", " upon", " a"]);
    expect(spans).toEqual([null, { start: 0, end: 4 }, { start: 4, end: 9 }, { start: 9, end: 11 }]);
    expect(withoutSpan("Once upon a", spans[2]!)).toBe("Once a");
  });

  it("sums the logprobs of the tokens covering the response, a straddling token included", () => {
    const scored = [
      { token: "Once", logprob: null },
      { token: " upon", logprob: -1 },
      { token: " a time", logprob: -0.5 }, // straddles "… a" | " time"
      { token: ".", logprob: -0.25 },
    ];
    expect(continuationLogprob(scored, " time.".length)).toBeCloseTo(-0.75, 12);
    expect(continuationLogprob(scored, ".".length)).toBeCloseTo(-0.25, 12);
    // Reaching the unscored first token gives no number.
    expect(continuationLogprob(scored, 100)).toBeNull();
  });

  it("ranks by absolute change, unscored last", () => {
    const ranked = rankAttribution([
      { index: 0, token: "a", delta: 0.5 },
      { index: 1, token: "b", delta: -2 },
      { index: 2, token: "c", delta: null },
      { index: 3, token: "d", delta: 1 },
    ]);
    expect(ranked.map((e) => e.index)).toEqual([1, 3, 0, 2]);
  });
});
