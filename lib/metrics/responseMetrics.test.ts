import { describe, expect, it } from "vitest";
import { NO_SHARED, readSharedJson, sharedTitle } from "@/tests/sharedFixtures";
import type { NormalizedToken } from "@/lib/logprobs/types";
import { responseFlags } from "./flags";
import { responseMetrics } from "./responseMetrics";
import { candidateSet, tokenEntropyBits, tokenMargin, tokenSignals } from "./tokenSignals";

const token = (t: string, logprob: number | null, top: Array<[string, number]> = []): NormalizedToken => ({
  token: t,
  logprob,
  bytes: null,
  top: top.map(([alt, lp]) => ({ token: alt, logprob: lp, bytes: null })),
});

describe("token signals", () => {
  it("entropy is the renormalized top-k entropy in bits", () => {
    // Two equally likely candidates: exactly 1 bit, whatever mass is outside the top-k.
    expect(tokenEntropyBits(candidateSet(token("a", Math.log(0.3), [["a", Math.log(0.3)], ["b", Math.log(0.3)]])))).toBeCloseTo(1, 12);
    // Four equal candidates: 2 bits.
    const four = token("a", Math.log(0.1), [["a", Math.log(0.1)], ["b", Math.log(0.1)], ["c", Math.log(0.1)], ["d", Math.log(0.1)]]);
    expect(tokenSignals(four).entropyBits).toBeCloseTo(2, 12);
  });

  it("adds the chosen token when the provider did not list it", () => {
    const t = token("z", Math.log(0.2), [["a", Math.log(0.6)]]);
    const set = candidateSet(t);
    expect(set.map((alt) => alt.token)).toEqual(["a", "z"]);
    const q = [0.6 / 0.8, 0.2 / 0.8];
    expect(tokenEntropyBits(set)).toBeCloseTo(-q.reduce((s, p) => s + p * Math.log2(p), 0), 12);
    expect(tokenMargin(set)).toBeCloseTo(Math.log(0.6) - Math.log(0.2), 12);
  });

  it("is null with fewer than two candidates", () => {
    expect(tokenSignals(token("a", -0.1)).entropyBits).toBeNull();
    expect(tokenSignals(token("a", -0.1)).margin).toBeNull();
    expect(tokenSignals(token("a", -0.1, [["a", -0.1]])).margin).toBeNull();
  });
});

describe("response metrics", () => {
  it("computes every metric by its definition", () => {
    const tokens = [
      token("A", -0.1, [["A", -0.1], ["B", -2.5]]),
      token("B", -6, [["C", -0.5], ["B", -6], ["D", -1]]),
      token("C", -0.2),
      token("D", -4),
    ];
    const m = responseMetrics(tokens, { lengthNormAlpha: 0.7 });
    const sum = -0.1 - 6 - 0.2 - 4;
    expect(m.tokenCount).toBe(4);
    expect(m.sumLogprob).toBeCloseTo(sum, 12);
    expect(m.avgLogprob).toBeCloseTo(sum / 4, 12);
    expect(m.perplexity).toBeCloseTo(Math.exp(-sum / 4), 12);
    expect(m.lengthNormalizedLogprob).toBeCloseTo(sum / Math.pow(4, 0.7), 12);
    expect(m.minLogprob).toBe(-6);
    expect(m.lowConfidenceRatio).toBe(0.5);
    expect(m.suddenDrops).toBe(1); // -0.1 -> -6 is a drop of 5.9 nats; -0.2 -> -4 is 3.8
    expect(m.meanMargin).toBeCloseTo((2.4 + 0.5) / 2, 12);
    expect(m.maxEntropyBits).not.toBeNull();
    expect(m.hotspots.map((h) => h.position)).toEqual([]);
  });

  it("leaves an infinite margin (a probability-0 runner-up, as greedy llama.cpp sends) out of meanMargin", () => {
    const greedy = token("a", -0.01, [["a", -0.01], ["b", -Infinity]]);
    expect(tokenSignals(greedy).margin).toBe(Infinity);
    const m = responseMetrics([greedy, token("c", -0.2, [["c", -0.2], ["d", -0.9]])], { lengthNormAlpha: 0.7 });
    expect(m.meanMargin).toBeCloseTo(0.7, 12);
    expect(responseMetrics([greedy], { lengthNormAlpha: 0.7 }).meanMargin).toBeNull();
  });

  it("keeps -Infinity (vLLM -9999) out of averages but counts it as low confidence", () => {
    const m = responseMetrics([token("a", -1), token("b", -Infinity), token("c", -3)]);
    expect(m.avgLogprob).toBe(-2);
    expect(m.minLogprob).toBe(-3);
    expect(m.lowConfidenceRatio).toBeCloseTo(1 / 3, 12);
    expect(m.suddenDrops).toBe(0);
  });

  it("reports hotspots above 1.5 bits with their top-3 alternatives", () => {
    const flat = token("x", Math.log(0.25), [["x", Math.log(0.25)], ["y", Math.log(0.25)], ["z", Math.log(0.25)], ["w", Math.log(0.25)]]);
    const m = responseMetrics([token("a", -0.01, [["a", -0.01], ["b", -5]]), flat]);
    expect(m.hotspots).toHaveLength(1);
    expect(m.hotspots[0]?.position).toBe(1);
    expect(m.hotspots[0]?.entropyBits).toBeCloseTo(2, 12);
    expect(m.hotspots[0]?.top).toHaveLength(3);
    expect(responseFlags(m).map((f) => f.rule)).toEqual([]);
  });

  it("flags by the default rules", () => {
    const m = responseMetrics([token("a", -0.1), token("b", -8)]);
    expect(responseFlags(m).map((f) => f.rule).sort()).toEqual(["highPerplexity", "lowAvgLogprob", "lowConfidenceRatio", "suddenDrops"].sort());
  });
});

describe.skipIf(NO_SHARED)(sharedTitle("real recorded responses (shared/fixtures/real)"), () => {
  const chatTokens = (choice: { logprobs: { content: Array<{ token: string; logprob: number }> } }) =>
    choice.logprobs.content.map((t) => token(t.token, t.logprob));

  it("radicalbit-metrics.json reproduces the published perplexity and mean probability", () => {
    const responses = readSharedJson("fixtures/real", "radicalbit-metrics.json") as Array<{ choices: Array<Parameters<typeof chatTokens>[0]> }>;
    const expected = [
      { perplexity: 2.190884828567505, meanProb: 0.6227279901504517 },
      { perplexity: 4.080123424530029, meanProb: 0.61042720079422 },
    ];
    responses.forEach((response: { choices: Array<Parameters<typeof chatTokens>[0]> }, i: number) => {
      const tokens = chatTokens(response.choices[0] as Parameters<typeof chatTokens>[0]);
      const m = responseMetrics(tokens);
      // The published values were computed in float32: agree to ~1e-6 relative.
      expect(m.perplexity).toBeCloseTo(expected[i]!.perplexity, 5);
      const meanProb = tokens.reduce((s, t) => s + Math.exp(t.logprob as number), 0) / tokens.length;
      expect(meanProb).toBeCloseTo(expected[i]!.meanProb, 6);
    });
  });

  it("uqlm whitebox '$5' reproduces sequence probability and minimum token probability", () => {
    const file = readSharedJson("fixtures/real", "uqlm-whitebox_results_file.json") as { data: { responses: string[]; logprobs: unknown[] } };
    const index = file.data.responses.indexOf("$5");
    const tokens = (file.data.logprobs[index] as Array<{ token: string; logprob: number }>).map((t) => token(t.token, t.logprob));
    const m = responseMetrics(tokens);
    expect(Math.exp(m.avgLogprob as number)).toBeCloseTo(0.9809171172485425, 12);
    expect(Math.exp(m.minLogprob as number)).toBeCloseTo(0.9624499954009256, 12);
  });
});

describe("tokenSignals agrees with the candidate-set definitions", () => {
  it("matches tokenEntropyBits and tokenMargin on varied tokens", () => {
    let seed = 3;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let n = 0; n < 500; n++) {
      const k = Math.floor(random() * 7);
      const top = Array.from({ length: k }, (_, i): [string, number] => [`t${i}`, Math.log(random())]);
      const chosenIndex = Math.floor(random() * (k + 2)); // sometimes not listed
      const chosen = chosenIndex < k ? top[chosenIndex]! : ([`x${n}`, random() < 0.1 ? -Infinity : Math.log(random())] as [string, number]);
      const t = token(chosen[0], random() < 0.05 ? null : chosen[1], top);
      const set = candidateSet(t);
      const signals = tokenSignals(t);
      const entropy = tokenEntropyBits(set);
      const margin = tokenMargin(set);
      if (entropy === null) expect(signals.entropyBits).toBeNull();
      else expect(signals.entropyBits).toBeCloseTo(entropy, 12);
      if (margin === null || !Number.isFinite(margin)) expect(signals.margin === null || !Number.isFinite(signals.margin)).toBe(true);
      else expect(signals.margin).toBeCloseTo(margin, 12);
    }
  });
});
