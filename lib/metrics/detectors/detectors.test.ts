import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePayload } from "@/lib/logprobs";
import type { NormalizedToken } from "@/lib/logprobs/types";
import { NO_SHARED, readSharedText, sharedPath, sharedTitle } from "@/tests/sharedFixtures";
import { responseFlags } from "../flags";
import { responseMetrics } from "../responseMetrics";
import { glitchToken } from "./glitchToken";
import { hallucinationScore, hallucinationScoreTerms } from "./hallucinationScore";
import { runDetectors } from "./index";
import { repetitionLoop } from "./repetitionLoop";
import { defaultDetectorSettings, mergeDetectorSettings } from "./settings";
import { sustainedLowConfidence } from "./sustainedLowConfidence";
import { entitySpans, uncertainEntity } from "./uncertainEntity";

const tok = (token: string, logprob: number | null, top: NormalizedToken["top"] = [], bytes: number[] | null = null): NormalizedToken => ({ token, logprob, bytes, top });
const run = (logprobs: Array<number | null>) => logprobs.map((logprob, i) => tok(`w${i} `, logprob));

/** Every sample of the real recorded payloads in the shared folder (radicalbit's 7 OpenAI responses and the peer fixtures). */
function realSamples(): Array<{ name: string; tokens: NormalizedToken[] }> {
  const out: Array<{ name: string; tokens: NormalizedToken[] }> = [];
  const records = JSON.parse(readSharedText("fixtures", "real", "radicalbit-text-generation.json")) as unknown[];
  records.forEach((record, i) => out.push({ name: `radicalbit#${i}`, tokens: parsePayload(record).samples[0]?.tokens ?? [] }));
  const peer = sharedPath("fixtures", "peer");
  for (const file of fs.readdirSync(peer).filter((f) => !f.endsWith(".md"))) {
    const text = fs.readFileSync(`${peer}/${file}`, "utf8");
    for (const sample of parsePayload(file.endsWith(".sse") ? text : JSON.parse(text)).samples) out.push({ name: file, tokens: sample.tokens });
  }
  return out;
}

describe.skipIf(NO_SHARED)(sharedTitle("detectors on real recorded responses"), () => {
  const samples = NO_SHARED ? [] : realSamples();

  it("the five rules fire exactly as the flags did before, with their evidence", () => {
    expect(samples.length).toBeGreaterThan(15);
    let withDrops = 0;
    for (const { name, tokens } of samples) {
      const metrics = responseMetrics(tokens);
      const findings = runDetectors(tokens, metrics).filter((f) => ["lowAvgLogprob", "highPerplexity", "highMaxEntropy", "lowConfidenceRatio", "suddenDrops"].includes(f.detector));
      expect(findings.map((f) => ({ rule: f.detector, value: f.value, threshold: f.threshold })), name).toEqual(responseFlags(metrics));
      // One position per drop; no finding (no positions) exactly when there is none (threshold 0).
      const dropPositions = findings.find((f) => f.detector === "suddenDrops")?.evidence.positions ?? [];
      expect(dropPositions.length, name).toBe(metrics.suddenDrops);
      if (metrics.suddenDrops > 0) withDrops++;
    }
    expect(withDrops).toBeGreaterThan(0);
  });

  it("fluent real text has no glitch, loop or sustained low run", () => {
    // These excerpts (events 27, 29, 30 of a stream) keep a partial character's last byte (0x89)
    // but not the event with its lead byte: an orphan continuation byte, which the check flags.
    const excerpts = ["llamacpp-completion-stream-probs-byte.sse", "llamacpp-completion-stream-probs-zero.sse"];
    for (const { name, tokens } of samples) {
      if (excerpts.includes(name)) {
        expect(glitchToken(tokens)?.evidence.hits, name).toEqual([{ position: 1, where: "chosen", kind: "invalidBytes", token: "\uFFFD" }]);
        continue;
      }
      expect(glitchToken(tokens), name).toBeNull();
      expect(repetitionLoop(tokens), name).toBeNull();
      expect(sustainedLowConfidence(tokens), name).toBeNull();
    }
  });

  it("finds the names and numbers of real text and maps them to their tokens", () => {
    const first = samples[0] as { tokens: NormalizedToken[] };
    // At threshold 0 every entity with a logprob fires: the spans themselves are checked.
    const finding = uncertainEntity(first.tokens, { maxMeanLogprob: 0 });
    const entities = (finding?.evidence.entities ?? []) as Array<{ kind: string; text: string; start: number; end: number; meanLogprob: number }>;
    expect(entities.map((e) => e.text)).toEqual(expect.arrayContaining(["Probability", "Perplexity"]));
    for (const entity of entities) {
      const covered = first.tokens.slice(entity.start, entity.end);
      expect(covered.map((t) => t.token).join("")).toContain(entity.text);
      const finite = covered.map((t) => t.logprob).filter((l): l is number => l !== null && Number.isFinite(l));
      expect(entity.meanLogprob).toBeCloseTo(finite.reduce((a, b) => a + b, 0) / finite.length, 10);
    }
    // At the default (-3) exactly the entities below -3 fire: here the capitalized
    // "Probability" mid-sentence, which the model chose at -6.19.
    const uncertain = entities.filter((e) => e.meanLogprob < -3);
    expect(uncertain.map((e) => e.text)).toEqual(["Probability"]);
    expect(uncertainEntity(first.tokens)?.evidence.entities).toEqual(uncertain);
  });
});

describe("crafted edge cases", () => {
  it("empty response, one token and no alternatives: nothing fires, nothing throws", () => {
    for (const tokens of [[], [tok("Hi", -0.1)], [tok("Paris", -9)]]) {
      const found = runDetectors(tokens, responseMetrics(tokens)).map((f) => f.detector);
      expect(found).not.toContain("repetitionLoop");
      expect(found).not.toContain("sustainedLowConfidence");
      expect(found).not.toContain("glitchToken");
    }
    expect(runDetectors([], responseMetrics([]))).toEqual([]);
    // a lone capitalized word opening the text is not a name; a number is an entity
    expect(uncertainEntity([tok("Paris", -9)])).toBeNull();
    expect(uncertainEntity([tok("1945", -9)])?.evidence.positions).toEqual([0]);
  });

  it("sustainedLowConfidence: a run of 8 below -2.5 fires with its positions; 7 does not; -9999 stand-ins count as low", () => {
    const tokens = run([-0.1, -3, -3, -3, -3, -3, -3, -3, -3, -0.2, -3, -3, -3, -3, -3, -3, -3]);
    const finding = sustainedLowConfidence(tokens);
    expect(finding?.value).toBe(8);
    expect(finding?.evidence.positions).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(finding?.evidence.thresholds).toEqual({ minRun: 8, maxLogprob: -2.5 });
    expect(sustainedLowConfidence(run([-3, -3, -3, -3, -3, -3, -3]))).toBeNull();
    // vLLM's -9999 becomes -Infinity in the parsers: still low, left out of the run's mean
    const withInfinity = sustainedLowConfidence(run([-3, -3, -Infinity, -3, -3, -3, -3, -3]));
    expect(withInfinity?.evidence.runs).toEqual([{ start: 0, end: 8, length: 8, meanLogprob: -3 }]);
    // a token without a logprob breaks the run
    expect(sustainedLowConfidence(run([-3, -3, -3, -3, null, -3, -3, -3, -3]))).toBeNull();
    expect(sustainedLowConfidence(run([-2.5, -2.5, -2.5, -2.5, -2.5, -2.5, -2.5, -2.5]))).toBeNull();
  });

  it("vLLM -9999 stand-ins, parsed: low for runs, left out of means, and the evidence stays finite JSON", () => {
    const entry = (token: string, logprob: number) => ({ token, logprob, bytes: [...Buffer.from(token)], top_logprobs: [{ token, logprob, bytes: [...Buffer.from(token)] }, { token: "?", logprob: -9999, bytes: [63] }] });
    const payload = {
      id: "cmpl-vllm", object: "chat.completion", created: 1_733_743_961, model: "meta-llama/Llama-3.1-8B",
      choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "" },
        logprobs: { content: [entry("In", -0.1), entry(" 18", -4), entry("67", -9999), ...["a", "b", "c", "d", "e", "f"].map((t) => entry(` ${t}`, t === "c" ? -9999 : -3))] } }],
    };
    const tokens = parsePayload(payload).samples[0]?.tokens ?? [];
    expect(tokens[2]?.logprob).toBe(-Infinity);
    const findings = runDetectors(tokens, responseMetrics(tokens));
    const byName = new Map(findings.map((f) => [f.detector, f]));
    // positions 1..8 are all < -2.5 (two of them -inf): one run of 8
    expect(byName.get("sustainedLowConfidence")?.evidence.runs).toEqual([{ start: 1, end: 9, length: 8, meanLogprob: (-4 - 3 * 5) / 6 }]);
    // "1867" spans tokens 1-2; the -inf token is left out of its mean
    expect(byName.get("uncertainEntity")?.evidence.entities).toEqual([{ kind: "number", text: "1867", start: 1, end: 3, meanLogprob: -4 }]);
    expect(byName.has("glitchToken")).toBe(false);
    for (const finding of findings) expect(JSON.parse(JSON.stringify(finding))).toEqual(finding);
  });

  it("repetitionLoop: a 3-gram repeated 3 times with rising logprobs fires on the span; flat or falling does not", () => {
    const phrase = ["the", " cat", " sat"];
    const loop = [tok("Once", -1), ...[-2, -1, -0.5].flatMap((lp) => phrase.map((t) => tok(t, lp))), tok(".", -0.1)];
    const finding = repetitionLoop(loop);
    expect(finding?.value).toBe(3);
    expect(finding?.evidence.positions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(finding?.evidence.loops).toEqual([{ start: 1, end: 10, n: 3, repeats: 3, meanLogprobs: [-2, -1, -0.5], text: "the cat sat" }]);
    const flat = [...[-1, -1, -1].flatMap((lp) => phrase.map((t) => tok(t, lp)))];
    expect(repetitionLoop(flat)).toBeNull();
    const twice = [...[-2, -1].flatMap((lp) => phrase.map((t) => tok(t, lp)))];
    expect(repetitionLoop(twice)).toBeNull();
    // 2-grams are below n >= 3
    const bigram = [-3, -2, -1, -0.5].flatMap((lp) => ["a", "b"].map((t) => tok(t, lp)));
    expect(repetitionLoop(bigram)).toBeNull();
  });

  it("glitchToken: U+FFFD, control characters and broken bytes fire; tab/newline do not", () => {
    expect(glitchToken([tok("ok", -1), tok("\uFFFD", -1)])?.evidence.positions).toEqual([1]);
    expect(glitchToken([tok("a\u0007", -1)])?.evidence.hits).toEqual([{ position: 0, where: "chosen", kind: "controlChar", token: "a\u0007" }]);
    expect(glitchToken([tok("a\tb\n", -1), tok("\r\n", -1)])).toBeNull();
    // a lone continuation byte that nothing before completes
    expect(glitchToken([tok("a", -1, [], [97]), tok("?", -1, [], [0xa0]), tok("b", -1, [], [98])])?.evidence.positions).toEqual([1]);
    // a lead byte the next token does not complete
    expect(glitchToken([tok("x", -1, [], [0xe4, 0xbd]), tok("b", -1, [], [98])])?.evidence.positions).toEqual([0]);
    // an alternative holding U+FFFD or a control character
    const alt = glitchToken([tok("a", -0.1, [{ token: "a", logprob: -0.1, bytes: null }, { token: "\u0000", logprob: -5, bytes: null }])]);
    expect(alt?.evidence.hits).toEqual([{ position: 0, where: 1, kind: "controlChar", token: "\u0000" }]);
    // the edges of plain ASCII in alternatives: DEL and U+FFFD fire, tab/newline and "~" do not
    const edges = glitchToken([tok("a", -0.1, [
      { token: "\t\n~", logprob: -1, bytes: null }, { token: "\u007f", logprob: -2, bytes: null }, { token: "x\uFFFD", logprob: -3, bytes: null },
    ])]);
    expect(edges?.evidence.hits).toEqual([
      { position: 0, where: 1, kind: "controlChar", token: "\u007f" },
      { position: 0, where: 2, kind: "replacementChar", token: "x\uFFFD" },
    ]);
  });

  it("glitchToken: a multi-byte character split across tokens is NOT a glitch (OpenAI `bytes:` tokens, parsed)", () => {
    // 你好 = e4 bd a0 e5 a5 bd, split as OpenAI does into partial-byte tokens.
    const payload = {
      id: "chatcmpl-split", object: "chat.completion", created: 1_700_000_000, model: "gpt-4o",
      choices: [{
        index: 0, finish_reason: "stop", message: { role: "assistant", content: "你好" },
        logprobs: { content: [
          { token: "bytes:\\xe4\\xbd", bytes: [0xe4, 0xbd], logprob: -0.5, top_logprobs: [{ token: "bytes:\\xe4\\xbd", bytes: [0xe4, 0xbd], logprob: -0.5 }, { token: "bytes:\\xe5", bytes: [0xe5], logprob: -1.5 }] },
          { token: "\\xa0", bytes: [0xa0], logprob: -0.01, top_logprobs: [] },
          { token: "好", bytes: [0xe5, 0xa5, 0xbd], logprob: -0.2, top_logprobs: [] },
        ] },
      }],
    };
    const tokens = parsePayload(payload).samples[0]?.tokens ?? [];
    expect(tokens).toHaveLength(3);
    expect(glitchToken(tokens)).toBeNull();
    // the same bytes out of order are broken
    expect(glitchToken([tokens[1] as NormalizedToken, tokens[0] as NormalizedToken, tokens[2] as NormalizedToken])?.evidence.positions).toEqual([0, 1]);
  });

  it("uncertainEntity: dates, numbers and names, each span with its text and tokens", () => {
    expect(entitySpans("On March 15, 2024 Marie Curie paid $1,234.50 in New York.").map((s) => s.kind)).toEqual(["date", "name", "number", "name"]);
    expect(entitySpans("The cat. It ran to 2024-03-15 with iPhone").map((s) => s.kind)).toEqual(["date"]);
    // A sentence's first word is not a name however much whitespace comes before it (outputs
    // usually start with a space token); one inside a sentence still is.
    expect(entitySpans(" Paris is nice.")).toEqual([]);
    expect(entitySpans("Hi.    Paris is nice.\n\n  Rome too")).toEqual([]);
    expect(entitySpans(" We met  Paris today").map((s) => s.kind)).toEqual(["name"]);
    const tokens = [tok("She", -0.1), tok(" was", -0.1), tok(" born", -0.1), tok(" in", -0.1), tok(" 18", -4), tok("67", -5), tok(" in", -0.1), tok(" War", -0.2), tok("saw", -0.1), tok(".", -0.1)];
    const finding = uncertainEntity(tokens);
    expect(finding?.evidence.entities).toEqual([{ kind: "number", text: "1867", start: 4, end: 6, meanLogprob: -4.5 }]);
    expect(finding?.evidence.positions).toEqual([4, 5]);
    expect(finding?.value).toBe(-4.5);
    // all the entity's logprobs are -Infinity stand-ins: no mean, no finding
    expect(uncertainEntity([tok("in", -0.1), tok(" 1867", -Infinity)])).toBeNull();
  });

  it("hallucinationScore adds the terms of the table (0-6); consistency counts only where given", () => {
    const entity = uncertainEntity([tok("in", -0.1), tok(" 1867", -6)]);
    const metrics = { avgLogprob: -2.5, lowConfidenceRatio: 0.5 };
    expect(hallucinationScoreTerms({ metrics, uncertainEntity: null }).score).toBe(2);
    expect(hallucinationScore({ metrics, uncertainEntity: null })).toBeNull();
    const three = hallucinationScore({ metrics: { avgLogprob: -2.5, lowConfidenceRatio: 0.1 }, uncertainEntity: entity });
    expect(three?.value).toBe(3);
    expect((three?.evidence.terms as Array<{ term: string }>).map((t) => t.term)).toEqual(["avgLogprob", "uncertainEntity"]);
    expect(three?.evidence.positions).toEqual([1]);
    const six = hallucinationScore({ metrics, uncertainEntity: entity, sampleConsistency: 0.4 });
    expect(six?.value).toBe(6);
    expect(six?.severity).toBe("critical");
    expect(hallucinationScoreTerms({ metrics, uncertainEntity: entity, sampleConsistency: 0.9 }).score).toBe(4);
    expect(hallucinationScoreTerms({ metrics: { avgLogprob: null, lowConfidenceRatio: null }, uncertainEntity: null }).score).toBe(0);
  });

  it("per-project settings: a disabled detector does not fire, a changed threshold moves it, a bad stored row keeps the default", () => {
    const tokens = run([-3, -3, -3, -3, -3]);
    const metrics = responseMetrics(tokens);
    expect(runDetectors(tokens, metrics).map((f) => f.detector)).not.toContain("sustainedLowConfidence");
    const settings = mergeDetectorSettings([
      { detector: "sustainedLowConfidence", enabled: true, thresholds: JSON.stringify({ minRun: 5 }) },
      { detector: "lowAvgLogprob", enabled: false, thresholds: null },
      { detector: "highPerplexity", enabled: true, thresholds: "{\"threshold\": \"high\"}" },
      { detector: "noSuchDetector", enabled: true, thresholds: null },
    ]);
    const found = runDetectors(tokens, metrics, settings).map((f) => f.detector);
    expect(found).toContain("sustainedLowConfidence");
    expect(found).not.toContain("lowAvgLogprob");
    expect(settings.highPerplexity.thresholds).toEqual(defaultDetectorSettings().highPerplexity.thresholds);
    expect(settings.sustainedLowConfidence.thresholds).toEqual({ minRun: 5, maxLogprob: -2.5 });
    // Value by value: the invalid avgLogprob (a logprob above 0) takes its default, minScore stays 5.
    const partly = mergeDetectorSettings([{ detector: "hallucinationScore", enabled: true, thresholds: JSON.stringify({ minScore: 5, avgLogprob: 1 }) }]);
    expect(partly.hallucinationScore.thresholds).toEqual({ ...defaultDetectorSettings().hallucinationScore.thresholds, minScore: 5 });
    expect(mergeDetectorSettings([{ detector: "repetitionLoop", enabled: true, thresholds: "[1, 2]" }]).repetitionLoop.thresholds).toEqual(defaultDetectorSettings().repetitionLoop.thresholds);
  });
});
