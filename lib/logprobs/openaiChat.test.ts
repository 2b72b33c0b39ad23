import { describe, expect, it } from "vitest";
import { expectParseError } from "./__fixtures__/expectParseError";
import { openaiChatPayload, SAME_TOKENS } from "./__fixtures__/sameResponse";
import { parseChatLogprobsContent, parseOpenAIChat } from "./openaiChat";

const entry = (token: string, logprob: number) => ({ token, logprob, bytes: null, top_logprobs: [] });

describe("parseOpenAIChat", () => {
  it("reads envelope fields and tokens", () => {
    const parsed = parseOpenAIChat(openaiChatPayload());
    expect(parsed).toMatchObject({
      format: "openai-chat",
      providerId: "chatcmpl-same",
      model: "test-model",
      createdAt: new Date(1733743961 * 1000),
      promptTokens: null,
      prompt: null,
    });
    expect(parsed.samples[0]?.tokens).toEqual(SAME_TOKENS);
    expect(parsed.samples[0]?.finishReason).toBe("stop");
  });

  it("makes one sample per choice, indexed by choice.index (n > 1)", () => {
    const parsed = parseOpenAIChat({
      object: "chat.completion",
      choices: [
        { index: 1, message: { content: "B" }, logprobs: { content: [entry("B", -0.7)] }, finish_reason: "length" },
        { index: 0, message: { content: "A" }, logprobs: { content: [entry("A", -0.1)] }, finish_reason: "stop" },
      ],
    });
    expect(parsed.samples.map((s) => [s.sampleIndex, s.outputText, s.finishReason, s.tokens[0]?.token])).toEqual([
      [1, "B", "length", "B"],
      [0, "A", "stop", "A"],
    ]);
  });

  it("uses refusal tokens and text when content is null", () => {
    const parsed = parseOpenAIChat({
      choices: [
        {
          index: 0,
          message: { content: null, refusal: "I can't." },
          logprobs: { content: null, refusal: [entry("I", -0.1), entry(" can't.", -0.2)] },
          finish_reason: "stop",
        },
      ],
    });
    expect(parsed.samples[0]?.outputText).toBe("I can't.");
    expect(parsed.samples[0]?.tokens.map((t) => t.token)).toEqual(["I", " can't."]);
  });

  it("uses choices[].text beside chat-shaped logprobs (llama.cpp /v1/completions)", () => {
    const parsed = parseOpenAIChat({
      object: "text_completion",
      choices: [{ index: 0, text: "ab", logprobs: { content: [entry("a", -1), entry("b", -2)] }, finish_reason: "stop" }],
    });
    expect(parsed.samples[0]).toMatchObject({ outputText: "ab", finishReason: "stop" });
  });

  it("joins the tokens when there is no message text", () => {
    const parsed = parseOpenAIChat({ choices: [{ logprobs: { content: [entry("a", -1), entry("b", -2)] } }] });
    expect(parsed.samples[0]).toMatchObject({ sampleIndex: 0, outputText: "ab", finishReason: null });
  });

  it("turns -9999 (log 0 stand-in) into -Infinity and keeps null bytes null", () => {
    const tokens = parseChatLogprobsContent(
      [{ token: "x", logprob: -0.5, bytes: null, top_logprobs: [{ token: "y", logprob: -9999.0, bytes: null }] }],
      "content",
    );
    expect(tokens).toEqual([
      { token: "x", logprob: -0.5, bytes: null, top: [{ token: "y", logprob: -Infinity, bytes: null }] },
    ]);
  });

  it("answers no_logprobs when no choice has logprobs", () => {
    expectParseError(
      () =>
        parseOpenAIChat({
          object: "chat.completion",
          choices: [{ index: 0, message: { content: "hi" }, logprobs: null }],
        }),
      "no_logprobs",
      "choices[].logprobs is null or absent",
    );
  });

  it("names the offending path in invalid payloads", () => {
    const payload = openaiChatPayload();
    const content = payload.choices[0]?.logprobs.content as unknown[];
    content[3] = { token: "!", logprob: "-0.05", bytes: [33], top_logprobs: [] };
    expectParseError(
      () => parseOpenAIChat(payload),
      "invalid_payload",
      'choices[0].logprobs.content[3].logprob must be a number, got string "-0.05"',
    );

    expectParseError(
      () => parseOpenAIChat(42),
      "invalid_payload",
      "payload must be an object, got number 42",
    );
    expectParseError(
      () => parseOpenAIChat({ choices: "none" }),
      "invalid_payload",
      "choices must be an array",
    );
    expectParseError(
      () => parseOpenAIChat({ choices: [null] }),
      "invalid_payload",
      "choices[0] must be an object, got null",
    );
    expectParseError(
      () => parseOpenAIChat({ choices: [{ logprobs: { content: [{ logprob: -1 }] } }] }),
      "invalid_payload",
      "choices[0].logprobs.content[0].token must be a string, got nothing (missing)",
    );
    expectParseError(
      () => parseOpenAIChat({ choices: [{ logprobs: { content: [{ token: "a", logprob: -1, bytes: [97, 300] }] } }] }),
      "invalid_payload",
      "choices[0].logprobs.content[0].bytes[1] must be an integer from 0 to 255, got number 300",
    );
    expectParseError(
      () => parseOpenAIChat({ choices: [{ logprobs: { content: [{ token: "a", logprob: -1, top_logprobs: {} }] } }] }),
      "invalid_payload",
      "choices[0].logprobs.content[0].top_logprobs must be an array or null, got an object",
    );
    expectParseError(
      () =>
        parseOpenAIChat({
          choices: [{ logprobs: { content: [{ token: "a", logprob: -1, top_logprobs: [{ token: "b", logprob: null }] }] } }],
        }),
      "invalid_payload",
      "choices[0].logprobs.content[0].top_logprobs[0].logprob must be a number, got null",
    );
    expectParseError(
      () => parseOpenAIChat({ created: "today", choices: [] }),
      "invalid_payload",
      "created must be a unix timestamp",
    );
    expectParseError(
      () => parseOpenAIChat({ choices: [{ index: -1 }] }),
      "invalid_payload",
      "choices[0].index must be a non-negative integer",
    );
  });
});

describe("parseChatLogprobsContent", () => {
  it("prefixes errors with the given path", () => {
    expectParseError(
      () => parseChatLogprobsContent({}, "data.logprobs[2]"),
      "invalid_payload",
      "data.logprobs[2] must be an array, got an object",
    );
    expectParseError(
      () => parseChatLogprobsContent(["x"], "data.logprobs[2]"),
      "invalid_payload",
      'data.logprobs[2][0] must be an object, got string "x"',
    );
  });
});
