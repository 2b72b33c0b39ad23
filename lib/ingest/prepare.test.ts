import { describe, expect, it } from "vitest";
import { prepareRecord, RECORD_LIMITS, RecordError, UNKNOWN_MODEL } from "./prepare";

const options = { now: Date.parse("2026-11-23T00:00:00Z"), lengthNormAlpha: 0.7 };
const loupe = (tokens: unknown[], extra: Record<string, unknown> = {}) => ({ model: "m", response: { tokens }, ...extra });

describe("prepareRecord", () => {
  it("scores, flags and encodes a record, with envelope fields winning", () => {
    const [prepared] = prepareRecord(loupe([{ token: "a", logprob: -0.5 }, { token: "b", logprob: -7 }], { id: 42, tags: ["x", "x"], timestamp: 1_700_000_000 }), options);
    expect(prepared).toMatchObject({ externalId: "42", model: "m", sourceFormat: "loupe", occurredAt: 1_700_000_000_000, tags: ["x"] });
    expect(prepared?.metrics.avgLogprob).toBeCloseTo(-3.75, 12);
    expect(prepared?.flags.map((f) => f.rule)).toContain("suddenDrops");
    expect(prepared?.tokensBlob.length).toBeGreaterThan(0);
  });

  it("refuses records past the per-record limits with a clear error", () => {
    const many = Array.from({ length: RECORD_LIMITS.alternativesPerToken + 1 }, (_, i) => ({ token: `t${i}`, logprob: -i }));
    const tooMany = () => prepareRecord(loupe([{ token: "a", logprob: -0.1, top: many }]), options);
    expect(tooMany).toThrow(RecordError);
    expect(tooMany).toThrow(/alternatives, over the limit/);
    expect(() => prepareRecord(loupe([{ token: "x".repeat(RECORD_LIMITS.tokenTextChars + 1), logprob: -1 }]), options)).toThrow(/token text longer/);
    expect(() => prepareRecord({ response: { model: "m".repeat(300), tokens: [{ token: "a", logprob: -1 }] } }, options)).toThrow(/model: longer/);
  });

  it("rejects a bad envelope, and names a misspelt envelope key", () => {
    expect(() => prepareRecord({ response: {}, tags: "nope" }, options)).toThrow(/tags/);
    const misspelt = () => prepareRecord(loupe([{ token: "a", logprob: -1 }], { tagz: ["x"] }), options);
    expect(misspelt).toThrow(expect.objectContaining({ code: "invalid_envelope", message: expect.stringContaining("tagz") }));
  });

  it("stores a payload without a model name under UNKNOWN_MODEL", () => {
    expect(prepareRecord({ tokens: [{ token: "a", logprob: -1 }] }, options)[0]?.model).toBe(UNKNOWN_MODEL);
    expect(prepareRecord({ model: "", tokens: [{ token: "a", logprob: -1 }] }, options)[0]?.model).toBe("unknown");
  });

  it("takes an Ollama /api/generate object for Ollama, not for an envelope, despite its `response` key", () => {
    const chunk = {
      model: "gemma3", created_at: "2025-01-01T00:00:00Z", response: "Hi", done: false,
      logprobs: [{ token: "Hi", logprob: -0.5, bytes: [72, 105] }],
    };
    expect(prepareRecord(chunk, options)[0]).toMatchObject({ sourceFormat: "ollama", model: "gemma3", outputText: "Hi" });
  });
});

describe("value checks", () => {
  it("refuses positive logprobs, out-of-range times and choice indexes", () => {
    expect(() => prepareRecord(loupe([{ token: "a", logprob: 5 }]), options)).toThrow(/must be ≤ 0/);
    expect(() => prepareRecord(loupe([{ token: "a", logprob: -1, top: [{ token: "b", logprob: 1e999 }] }]), options)).toThrow(/must be ≤ 0/);
    expect(prepareRecord(loupe([{ token: "a", logprob: 1e-7 }]), options)).toHaveLength(1);
    expect(() => prepareRecord(loupe([{ token: "a", logprob: -1 }], { timestamp: 1e15 }), options)).toThrow(/timestamp/);
    const chat = { id: "c", object: "chat.completion", created: 1e308, model: "m", choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "a" }, logprobs: { content: [{ token: "a", logprob: -1, bytes: [97], top_logprobs: [] }] } }] };
    expect(() => prepareRecord(chat, options)).toThrow(/created/);
    const wideIndex = { ...chat, created: 1_700_000_000, choices: [{ ...chat.choices[0], index: 2 ** 60 }] };
    expect(() => prepareRecord(wideIndex, options)).toThrow(/out of range/);
  });
});

describe("sibling consistency in the hallucination score", () => {
  // Every token at -3.5: avgLogprob < -2 (+1) and all tokens low-confidence (+1) = 2, below the
  // default minScore 3; lower-case words without digits, so no uncertain entity. Only the
  // consistency term (+2, consistency < 0.7) can make the score fire.
  const choice = (index: number, words: string[]) => ({
    index, finish_reason: "stop", message: { role: "assistant", content: words.join("") },
    logprobs: { content: words.map((token) => ({ token, logprob: -3.5, top_logprobs: [{ token, logprob: -3.5 }] })) },
  });
  const chat = (choices: unknown[]) => ({ id: "chatcmpl-s", object: "chat.completion", created: 1_733_743_961, model: "m", choices });
  const scoreOf = (prepared: ReturnType<typeof prepareRecord>[number] | undefined) => prepared?.findings.find((finding) => finding.detector === "hallucinationScore");

  it("adds +2 when the choices of an n>1 response disagree, nothing when they agree", () => {
    const disagree = prepareRecord(chat([choice(0, ["the", " cat", " sat"]), choice(1, ["a", " dog", " ran"]), choice(2, ["one", " bird", " flew"])]), options);
    expect(disagree).toHaveLength(3);
    for (const sample of disagree) {
      expect(scoreOf(sample)?.value).toBe(4);
      expect(JSON.stringify(scoreOf(sample)?.evidence)).toContain("sampleConsistency");
    }
    const agree = prepareRecord(chat([choice(0, ["the", " cat", " sat"]), choice(1, ["the", " cat", " sat"])]), options);
    expect(agree.map(scoreOf)).toEqual([undefined, undefined]);
  });

  it("takes a saved playground sample's group consistency, and ignores it without siblings", () => {
    const tokens = ["the", " cat", " sat"].map((token) => ({ token, logprob: -3.5 }));
    const grouped = prepareRecord(loupe(tokens, { metadata: { playground: { sampleGroupId: "g", sampleCount: 4, consistency: 0.3 } } }), options);
    expect(scoreOf(grouped[0])?.value).toBe(4);
    const alone = prepareRecord(loupe(tokens, { metadata: { playground: { sampleCount: 1, consistency: 0.3 } } }), options);
    expect(scoreOf(alone[0])).toBeUndefined();
  });
});
