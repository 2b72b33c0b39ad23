/**
 * Real recorded responses from shared/fixtures/real (see its README; tests/sharedFixtures.ts): read in place,
 * never copied. Expected numbers were read off the files.
 */
import { describe, expect, it } from "vitest";
import { NO_SHARED, readSharedJson, sharedTitle } from "@/tests/sharedFixtures";
import { detectFormat, parseChatLogprobsContent, parsePayload } from "./index";

function readReal(name: string): unknown {
  return readSharedJson("fixtures/real", name);
}

function asArray(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error("fixture is not an array");
  return value;
}

describe.skipIf(NO_SHARED)(sharedTitle("radicalbit chat.completion recordings (gpt-4o-2024-08-06)"), () => {
  it("metrics.json: 2 responses of 8 tokens", () => {
    const parsed = asArray(readReal("radicalbit-metrics.json")).map((r) => parsePayload(r));
    expect(parsed.map((p) => p.format)).toEqual(["openai-chat", "openai-chat"]);
    expect(parsed.map((p) => p.samples[0]?.tokens.length)).toEqual([8, 8]);

    const first = parsed[0];
    expect(first?.providerId).toBe("chatcmpl-AcWID2SsE5iuK6z5AhNCKv3WUcCxN");
    expect(first?.model).toBe("gpt-4o-2024-08-06");
    expect(first?.createdAt).toEqual(new Date(1733743961 * 1000));
    expect(first?.promptTokens).toBeNull();
    const sample = first?.samples[0];
    expect(sample?.outputText).toBe("Sure, go ahead. What's up?");
    expect(sample?.finishReason).toBe("stop");
    expect(sample?.tokens[0]).toEqual({ token: "Sure", logprob: -0.61251247, bytes: [83, 117, 114, 101], top: [] });
    expect(sample?.tokens[7]).toEqual({ token: "?", logprob: -4.978234e-5, bytes: [63], top: [] });
    expect(parsed[1]?.samples[0]?.tokens[0]?.token).toBe("Certainly");
    expect(parsed[1]?.samples[0]?.tokens[0]?.logprob).toBe(-3.8160203);
  });

  it("metrics.json: perplexities match the values radicalbit computed", () => {
    const perplexities = asArray(readReal("radicalbit-metrics.json")).map((r) => {
      const tokens = parsePayload(r).samples[0]?.tokens ?? [];
      const mean = tokens.reduce((sum, t) => sum + (t.logprob ?? 0), 0) / tokens.length;
      return Math.exp(-mean);
    });
    expect(perplexities[0]).toBeCloseTo(2.190884828567505, 5);
    expect(perplexities[1]).toBeCloseTo(4.080123424530029, 5);
  });

  it("metrics_one.json: 3 responses of 11, 28 and 16 tokens", () => {
    const parsed = asArray(readReal("radicalbit-metrics_one.json")).map((r) => parsePayload(r));
    expect(parsed.map((p) => p.samples[0]?.tokens.length)).toEqual([11, 28, 16]);
    expect(parsed.map((p) => p.samples[0]?.tokens[0]?.token)).toEqual(["Sure", "Yes", "Yes"]);
    expect(parsed[1]?.samples[0]?.tokens[0]?.logprob).toBe(-5.5577775e-6);
  });

  it("text-generation.json: 7 responses, 661 tokens, logprob 0.0 kept as 0", () => {
    const parsed = asArray(readReal("radicalbit-text-generation.json")).map((r) => parsePayload(r));
    const counts = parsed.map((p) => p.samples[0]?.tokens.length ?? 0);
    expect(counts).toEqual([475, 31, 31, 31, 31, 31, 31]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(661);
    const tokens = parsed.flatMap((p) => p.samples[0]?.tokens ?? []);
    expect(tokens.filter((t) => t.logprob === 0)).toHaveLength(72);
    expect(tokens[0]).toMatchObject({ token: "In", logprob: -0.039005477 });
    // Token text joins back to the message content for every response.
    for (const p of parsed) {
      expect(p.samples[0]?.tokens.map((t) => t.token).join("")).toBe(p.samples[0]?.outputText);
    }
  });
});

describe.skipIf(NO_SHARED)(sharedTitle("uqlm recordings (bare logprobs.content lists)"), () => {
  it("whitebox_results_file.json: parses each data.logprobs list", () => {
    const file = readReal("uqlm-whitebox_results_file.json") as { data: { logprobs: unknown[]; responses: string[] } };
    const lists = file.data.logprobs.map((list, i) => parseChatLogprobsContent(list, `data.logprobs[${i}]`));
    expect(lists.map((l) => l.length)).toEqual([1, 1, 1, 2, 1]);
    expect(lists.map((l) => l.map((t) => t.token).join(""))).toEqual(file.data.responses);
    expect(lists[3]).toEqual([
      { token: "$", logprob: -0.038273167, bytes: [36], top: [] },
      { token: "5", logprob: -0.00026145502, bytes: [53], top: [] },
    ]);
    // uqlm's reference values for "$5": exp(mean logprob) and the minimum token probability.
    const dollarFive = lists[3] ?? [];
    const meanLogprob = dollarFive.reduce((s, t) => s + (t.logprob ?? 0), 0) / dollarFive.length;
    expect(Math.exp(meanLogprob)).toBeCloseTo(0.9809171172485425, 12);
    expect(Math.min(...dollarFive.map((t) => Math.exp(t.logprob ?? 0)))).toBeCloseTo(0.9624499954009256, 12);
  });

  it("semanticdensity_results_file.json: 25 sampled responses rebuild their text", () => {
    const file = readReal("uqlm-semanticdensity_results_file.json") as {
      data: { multiple_logprobs: unknown[][]; sampled_responses: string[][] };
    };
    const lists = file.data.multiple_logprobs.map((samples, i) =>
      samples.map((list, j) => parseChatLogprobsContent(list, `data.multiple_logprobs[${i}][${j}]`)),
    );
    expect(lists.map((samples) => samples.map((l) => l.length))).toEqual([
      [2, 2, 13, 12, 2],
      [11, 8, 8, 8, 2],
      [5, 11, 11, 1, 1],
      [1, 12, 2, 2, 2],
      [1, 1, 60, 1, 1],
    ]);
    expect(lists.map((samples) => samples.map((l) => l.map((t) => t.token).join("")))).toEqual(
      file.data.sampled_responses,
    );
    expect(lists[0]?.[0]?.[0]).toEqual({ token: "5", logprob: -1.2236502, bytes: [53], top: [] });
  });

  it("detects an element of a recording as openai-chat", () => {
    const first = asArray(readReal("radicalbit-metrics.json"))[0];
    expect(detectFormat(first)).toBe("openai-chat");
  });
});
