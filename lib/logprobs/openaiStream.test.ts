import { describe, expect, it } from "vitest";
import { expectParseError } from "./__fixtures__/expectParseError";
import { openaiChatChunks, openaiChatSse, SAME_TEXT, SAME_TOKENS } from "./__fixtures__/sameResponse";
import { parseOpenAIChatStream, parseSseEvents } from "./openaiStream";

const entry = (token: string, logprob: number) => ({ token, logprob, bytes: null, top_logprobs: [] });
const chunk = (choices: unknown[], extra: object = {}) => ({
  id: "chatcmpl-s",
  object: "chat.completion.chunk",
  created: 1700000000,
  model: "m",
  choices,
  ...extra,
});

describe("parseSseEvents", () => {
  it("handles CRLF, comments, other fields, multi-line data and [DONE]", () => {
    const text = ': keep-alive\r\nevent: message\r\ndata: {"a":\r\ndata: 1}\r\n\r\ndata:{"b":2}\n\ndata: [DONE]\n\n';
    expect(parseSseEvents(text)).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("dispatches a last event without a trailing blank line", () => {
    expect(parseSseEvents('data: {"a":1}')).toEqual([{ a: 1 }]);
  });

  it("reports the line of an event that is not JSON", () => {
    expectParseError(
      () => parseSseEvents('data: {"a":1}\n\ndata: {oops\n\n'),
      "invalid_payload",
      "SSE event at line 3 is not valid JSON",
    );
  });
});

describe("parseOpenAIChatStream", () => {
  it("assembles chunks and SSE text into the same payload", () => {
    const fromChunks = parseOpenAIChatStream(openaiChatChunks());
    expect(parseOpenAIChatStream(openaiChatSse())).toEqual(fromChunks);
    expect(fromChunks).toMatchObject({
      format: "openai-chat-stream",
      providerId: "chatcmpl-same",
      model: "test-model",
      createdAt: new Date(1733743961 * 1000),
    });
    expect(fromChunks.samples).toEqual([
      { sampleIndex: 0, outputText: SAME_TEXT, finishReason: "stop", tokens: SAME_TOKENS },
    ]);
  });

  it("keeps interleaved choices apart (n = 2) and tolerates usage-only and prompt-filter chunks", () => {
    const parsed = parseOpenAIChatStream([
      { id: "", object: "", created: 0, model: "", choices: [], prompt_filter_results: [] },
      chunk([{ index: 1, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }]),
      chunk([{ index: 0, delta: { content: "A" }, logprobs: { content: [entry("A", -0.1)] }, finish_reason: null }]),
      chunk([{ index: 1, delta: { content: "B" }, logprobs: { content: [entry("B", -0.2)] }, finish_reason: null }]),
      chunk([{ index: 0, delta: { content: "a" }, logprobs: { content: [entry("a", -0.3)] }, finish_reason: null }]),
      chunk([{ index: 1, delta: {}, logprobs: null, finish_reason: "length" }]),
      chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }]),
      chunk([], { usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 } }),
    ]);
    expect(parsed.providerId).toBe("chatcmpl-s");
    expect(parsed.model).toBe("m");
    expect(parsed.createdAt).toEqual(new Date(1700000000 * 1000));
    expect(parsed.samples.map((s) => [s.sampleIndex, s.outputText, s.finishReason, s.tokens.map((t) => t.token)])).toEqual([
      [0, "Aa", "stop", ["A", "a"]],
      [1, "B", "length", ["B"]],
    ]);
  });

  it("uses refusal deltas and tokens for a refused request", () => {
    const parsed = parseOpenAIChatStream([
      chunk([{ index: 0, delta: { role: "assistant", content: "", refusal: null }, logprobs: null }]),
      chunk([
        {
          index: 0,
          delta: { refusal: "No." },
          logprobs: { content: null, refusal: [entry("No", -0.1), entry(".", -0.2)] },
        },
      ]),
      chunk([{ index: 0, delta: {}, finish_reason: "stop" }]),
    ]);
    expect(parsed.samples[0]).toMatchObject({ outputText: "No.", finishReason: "stop" });
    expect(parsed.samples[0]?.tokens.map((t) => t.token)).toEqual(["No", "."]);
  });

  it("answers no_logprobs for a stream without logprobs", () => {
    expectParseError(
      () => parseOpenAIChatStream([chunk([{ index: 0, delta: { content: "hi" }, logprobs: null }])]),
      "no_logprobs",
      "no chunk has choices[].logprobs",
    );
    expectParseError(
      () => parseOpenAIChatStream("data: [DONE]\n\n"),
      "no_logprobs",
      "the stream has no choices",
    );
  });

  it("names the chunk in errors", () => {
    expectParseError(
      () =>
        parseOpenAIChatStream([
          chunk([]),
          chunk([{ index: 0, delta: {}, logprobs: { content: [{ token: 1, logprob: -1 }] } }]),
        ]),
      "invalid_payload",
      "chunks[1].choices[0].logprobs.content[0].token must be a string, got number 1",
    );
    expectParseError(
      () => parseOpenAIChatStream([chunk([]), "x"]),
      "invalid_payload",
      'chunks[1] must be an object, got string "x"',
    );
    expectParseError(() => parseOpenAIChatStream(3), "invalid_payload", "payload must be an array");
    expectParseError(
      () => parseOpenAIChatStream([{ error: { message: "rate limited" } }]),
      "invalid_payload",
      "chunks[0] is a stream error event: rate limited",
    );
  });
});
