import { describe, expect, it } from "vitest";
import { responseMetrics } from "@/lib/metrics/responseMetrics";
import { tokenDto } from "@/lib/queries/responseDto";
import type { NormalizedToken } from "@/lib/logprobs/types";
import { normalizedToken, runMetrics } from "./runMetrics";

describe("run metrics in the page", () => {
  it("round-trips streamed tokens (probability 0 included) to the stored metrics", () => {
    const tokens: NormalizedToken[] = [
      { token: "a", logprob: -0.5, bytes: null, top: [{ token: "a", logprob: -0.5, bytes: null }, { token: "b", logprob: -1.2, bytes: null }] },
      { token: "c", logprob: -Infinity, bytes: null, top: [{ token: "d", logprob: -0.01, bytes: null }] },
      { token: "e", logprob: -4, bytes: null, top: [] },
    ];
    const dtos = tokens.map(tokenDto);
    expect(dtos.map(normalizedToken)).toEqual(tokens);
    expect(runMetrics(dtos)).toEqual(responseMetrics(tokens));
    expect(runMetrics(dtos).sumLogprob).toBeCloseTo(-4.5, 12);
  });
});
