import { describe, expect, it } from "vitest";
import { expectParseError } from "./__fixtures__/expectParseError";
import { ollamaPayload, SAME_TOKENS } from "./__fixtures__/sameResponse";
import { detectFormat, parsePayload } from "./index";
import { parseOllama } from "./ollama";

const entry = (token: string, logprob: number) => ({
  token,
  logprob,
  bytes: Array.from(Buffer.from(token)),
  top_logprobs: [],
});

/** `/api/generate` streamed as NDJSON objects, one token each, then the final object. */
function generateStream() {
  const base = { model: "gemma3", created_at: "2025-11-12T10:00:00.5Z" };
  return [
    { ...base, response: "Hi", done: false, logprobs: [entry("Hi", -0.2)] },
    { ...base, response: " there", done: false, logprobs: [entry(" there", -0.9)] },
    { ...base, response: "", done: true, done_reason: "length", context: [1, 2], eval_count: 2 },
  ];
}

describe("parseOllama", () => {
  it("reads /api/chat replies", () => {
    const parsed = parseOllama(ollamaPayload());
    expect(parsed).toMatchObject({ format: "ollama", model: "test-model", createdAt: new Date("2024-12-09T11:32:41.123Z") });
    expect(parsed.samples[0]).toMatchObject({ finishReason: "stop" });
    expect(parsed.samples[0]?.tokens).toEqual(SAME_TOKENS);
  });

  it("reads /api/generate replies", () => {
    const parsed = parseOllama({
      model: "m",
      created_at: "2025-01-01T00:00:00Z",
      response: "ok",
      done: true,
      done_reason: "stop",
      logprobs: [entry("ok", -0.1)],
    });
    expect(parsed.samples[0]).toMatchObject({ outputText: "ok", finishReason: "stop" });
  });

  it("assembles a streamed reply, as an array or as NDJSON text", () => {
    const chunks = generateStream();
    expect(detectFormat(chunks)).toBe("ollama");
    const parsed = parseOllama(chunks);
    expect(parsed.samples[0]).toMatchObject({ outputText: "Hi there", finishReason: "length" });
    expect(parsed.samples[0]?.tokens.map((t) => [t.token, t.logprob])).toEqual([
      ["Hi", -0.2],
      [" there", -0.9],
    ]);
    const ndjson = chunks.map((c) => JSON.stringify(c)).join("\n") + "\n";
    expect(parsePayload(ndjson)).toEqual(parsed);
  });

  it("answers no_logprobs when the request did not ask for them", () => {
    expectParseError(
      () => parseOllama({ model: "m", created_at: "2025-01-01T00:00:00Z", response: "ok", done: true }),
      "no_logprobs",
      '"logprobs": true',
    );
  });

  it("names the offending path", () => {
    expectParseError(
      () => parseOllama({ ...ollamaPayload(), logprobs: [{ token: "a", logprob: -1, top_logprobs: [{ token: "b" }] }] }),
      "invalid_payload",
      "logprobs[0].top_logprobs[0].logprob must be a number, got nothing (missing)",
    );
    expectParseError(
      () => parseOllama([...generateStream(), { done: true, logprobs: "none" }]),
      "invalid_payload",
      'chunks[3].logprobs must be an array, got string "none"',
    );
    expectParseError(
      () => parseOllama({ ...ollamaPayload(), created_at: "yesterday" }),
      "invalid_payload",
      'created_at must be an ISO-8601 date string, got string "yesterday"',
    );
  });
});
