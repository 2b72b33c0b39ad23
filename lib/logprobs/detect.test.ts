import { describe, expect, it } from "vitest";
import { expectParseError } from "./__fixtures__/expectParseError";
import { openaiChatChunks, openaiChatPayload } from "./__fixtures__/sameResponse";
import { streamsOf } from "./detect";
import { detectFormat, parsePayload, type SourceFormat } from "./index";

describe("detectFormat", () => {
  it.each<[string, unknown, SourceFormat]>([
    ["a single chunk", openaiChatChunks()[1], "openai-chat-stream"],
    [
      "chunks after an Azure prompt-filter chunk",
      [{ choices: [], prompt_filter_results: [] }, ...openaiChatChunks()],
      "openai-chat-stream",
    ],
    [
      "chat without logprobs",
      { object: "chat.completion", choices: [{ message: { content: "x" }, logprobs: null }] },
      "openai-chat",
    ],
    [
      "completion without logprobs",
      { object: "text_completion", choices: [{ text: "x", logprobs: null }] },
      "openai-legacy",
    ],
    ["llama.cpp without probabilities", { content: "x", tokens: [], tokens_predicted: 1, stop_type: "eos" }, "llamacpp"],
    ["an empty Responses output", { object: "response", output: [] }, "openai-responses"],
    ["Ollama without logprobs", { model: "m", created_at: "2025-01-01T00:00:00Z", response: "x", done: true }, "ollama"],
    ["a JSON string", JSON.stringify(openaiChatPayload()), "openai-chat"],
    [
      "llama.cpp /v1/completions (text_completion with chat-shaped logprobs)",
      { object: "text_completion", choices: [{ text: "a", logprobs: { content: [] } }] },
      "openai-chat",
    ],
  ])("%s", (_name, payload, format) => {
    expect(detectFormat(payload)).toBe(format);
  });

  it("rejects what no format matches with unknown_format", () => {
    expectParseError(
      () => detectFormat(42),
      "unknown_format",
      "expected a JSON object or array, got number 42",
    );
    expectParseError(() => detectFormat(null), "unknown_format", "got null");
    expectParseError(() => detectFormat([]), "unknown_format", "an empty array");
    expectParseError(
      () => detectFormat({ foo: 1, bar: [] }),
      "unknown_format",
      "an object with keys {foo, bar}",
    );
    expectParseError(
      () => detectFormat("hello there"),
      "unknown_format",
      "text is neither JSON, NDJSON nor SSE: line 1",
    );
    expectParseError(
      () => detectFormat([openaiChatPayload(), openaiChatPayload()]),
      "unknown_format",
      "an array of 2 complete chat.completion responses; parse each element on its own",
    );
  });
});

describe("parsePayload", () => {
  it("parses with an explicit format and reports shape errors against it", () => {
    expect(parsePayload(openaiChatPayload(), "openai-chat").format).toBe("openai-chat");
    expectParseError(
      () => parsePayload(openaiChatPayload(), "loupe"),
      "invalid_payload",
      "tokens must be an array, got nothing (missing)",
    );
  });

  it("rejects an unknown format name", () => {
    expectParseError(
      () => parsePayload({}, "gemini" as SourceFormat),
      "unknown_format",
      'unknown format "gemini"',
    );
  });

  it("answers no_logprobs for an empty choices list", () => {
    expectParseError(
      () => parsePayload({ object: "chat.completion", choices: [] }),
      "no_logprobs",
      "payload has no logprobs",
    );
  });

  it("reports a broken NDJSON line after good ones as invalid_payload", () => {
    expectParseError(() => parsePayload('{"a":1}\n{"b":\n'), "invalid_payload", "line 2");
  });
});

describe("streamsOf", () => {
  const ollama = (response: string, done: boolean) => ({ model: "m", created_at: "2025-01-01T00:00:00Z", response, done, ...(done ? {} : { logprobs: [] }) });
  const chunks = (id: string) => openaiChatChunks().map((chunk) => ({ ...(chunk as object), id }));

  it("keeps one stream whole", () => {
    expect(streamsOf(chunks("a"))).toEqual([chunks("a")]);
    expect(streamsOf([ollama("Hi", false), ollama("", true)])).toHaveLength(1);
  });

  it("cuts streams appended one after the other: at a new chunk id, after each final object", () => {
    expect(streamsOf([...chunks("a"), ...chunks("b")])).toEqual([chunks("a"), chunks("b")]);
    expect(streamsOf([ollama("Hi", false), ollama("", true), ollama("Yo", false), ollama("", true)])).toEqual([
      [ollama("Hi", false), ollama("", true)],
      [ollama("Yo", false), ollama("", true)],
    ]);
  });

  it("is null for a batch of records, or when a piece is not a stream", () => {
    expect(streamsOf([openaiChatPayload(), openaiChatPayload()])).toBeNull();
    expect(streamsOf([ollama("Hi", false), ollama("", true), openaiChatPayload()])).toBeNull();
  });
});
