import { describe, expect, it } from "vitest";
import { expectParseError } from "./__fixtures__/expectParseError";
import { openaiLegacyPayload } from "./__fixtures__/sameResponse";
import { parseOpenAILegacy } from "./openaiLegacy";
import { parsePayload } from "./index";

/** gpt-3.5-turbo-instruct with echo: true, logprobs: 2 ("Say hi" + " Hi!"). */
function echoPayload() {
  return {
    id: "cmpl-echo",
    object: "text_completion",
    created: 1700000000,
    model: "gpt-3.5-turbo-instruct",
    choices: [
      {
        text: "Say hi Hi!",
        index: 0,
        logprobs: {
          tokens: ["Say", " hi", " Hi", "!"],
          token_logprobs: [null, -5.2, -0.9, -0.3],
          top_logprobs: [null, { " hi": -5.2, " hello": -3.1 }, { " Hi": -0.9, " Hello": -1.1 }, { "!": -0.3, ".": -2 }],
          text_offset: [0, 3, 6, 9],
        },
        finish_reason: "length",
      },
    ],
    usage: { prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 },
  };
}

describe("parseOpenAILegacy", () => {
  it("sorts dict alternatives by logprob, most probable first, with no bytes", () => {
    const tokens = parseOpenAILegacy(openaiLegacyPayload()).samples[0]?.tokens ?? [];
    expect(tokens[2]).toEqual({
      token: " world",
      logprob: -1.5,
      bytes: null,
      top: [
        { token: " there", logprob: -0.4, bytes: null },
        { token: " world", logprob: -1.5, bytes: null },
      ],
    });
  });

  it("sorts integer-like tokens too (JS reorders such keys)", () => {
    const parsed = parseOpenAILegacy({
      choices: [
        {
          text: "7",
          logprobs: {
            tokens: ["7"],
            token_logprobs: [-1],
            top_logprobs: [{ "10": -3, "7": -1, "2": -2 }],
            text_offset: [0],
          },
        },
      ],
    });
    expect(parsed.samples[0]?.tokens[0]?.top.map((a) => a.token)).toEqual(["7", "2", "10"]);
  });

  it("splits echoed prompt tokens by usage.prompt_tokens", () => {
    const parsed = parseOpenAILegacy(echoPayload());
    expect(parsed.promptTokens?.map((t) => [t.token, t.logprob])).toEqual([
      ["Say", null],
      [" hi", -5.2],
    ]);
    expect(parsed.promptTokens?.[0]?.top).toEqual([]);
    expect(parsed.prompt).toBe("Say hi");
    expect(parsed.samples[0]).toMatchObject({ outputText: " Hi!", finishReason: "length" });
    expect(parsed.samples[0]?.tokens.map((t) => t.token)).toEqual([" Hi", "!"]);
  });

  it("keeps everything as output when echo cannot be sized (no usage)", () => {
    const payload: Record<string, unknown> = echoPayload();
    delete payload.usage;
    const parsed = parseOpenAILegacy(payload);
    expect(parsed.promptTokens).toBeNull();
    expect(parsed.samples[0]?.tokens).toHaveLength(4);
    expect(parsed.samples[0]?.tokens[0]?.logprob).toBeNull();
    expect(parsed.samples[0]?.outputText).toBe("Say hi Hi!");
  });

  it("makes one sample per choice", () => {
    const choice = (index: number, token: string) => ({
      text: token,
      index,
      logprobs: { tokens: [token], token_logprobs: [-0.5], top_logprobs: [null], text_offset: [4] },
      finish_reason: "stop",
    });
    const parsed = parseOpenAILegacy({ object: "text_completion", choices: [choice(0, "a"), choice(1, "b")] });
    expect(parsed.samples.map((s) => [s.sampleIndex, s.outputText, s.tokens[0]?.top])).toEqual([
      [0, "a", []],
      [1, "b", []],
    ]);
  });

  it("reports bad parallel arrays with their paths", () => {
    const lp = (logprobs: object) => ({ choices: [{ text: "", logprobs }] });
    expectParseError(
      () => parseOpenAILegacy(lp({ tokens: ["a", "b"], token_logprobs: [-1] })),
      "invalid_payload",
      "choices[0].logprobs.token_logprobs must be as long as choices[0].logprobs.tokens (2 entries), has 1",
    );
    expectParseError(
      () => parseOpenAILegacy(lp({ tokens: ["a"], token_logprobs: ["x"] })),
      "invalid_payload",
      'choices[0].logprobs.token_logprobs[0] must be a number or null, got string "x"',
    );
    expectParseError(
      () => parseOpenAILegacy(lp({ tokens: ["a"], token_logprobs: [-1], top_logprobs: [{ a: "high" }] })),
      "invalid_payload",
      'choices[0].logprobs.top_logprobs[0]["a"] must be a number',
    );
    expectParseError(
      () => parseOpenAILegacy(lp({ token_logprobs: [] })),
      "invalid_payload",
      "choices[0].logprobs.tokens must be an array",
    );
    expectParseError(
      () => parseOpenAILegacy({ object: "text_completion", choices: [{ text: "hi", logprobs: null }] }),
      "no_logprobs",
      "choices[].logprobs",
    );
  });
});

describe("partial characters written as bytes:\\x..", () => {
  it("keeps a token written as its bytes as those bytes (U+FFFD text), chosen and alternative alike", () => {
    // "我" is e6 88 91 in UTF-8; the model emitted it as two tokens.
    const parsed = parseOpenAILegacy({
      object: "text_completion",
      model: "gpt-3.5-turbo-instruct",
      choices: [{
        index: 0, text: "我", finish_reason: "stop",
        logprobs: { tokens: ["bytes:\\xe6\\x88", "bytes:\\x91"], token_logprobs: [-0.5, -0.01], top_logprobs: [{ "bytes:\\xe6\\x88": -0.5, " I": -1.2 }, { "bytes:\\x91": -0.01 }], text_offset: [0, 0] },
      }],
    });
    const [first, second] = parsed.samples[0]?.tokens ?? [];
    expect(first).toEqual({ token: "\uFFFD", logprob: -0.5, bytes: [0xe6, 0x88], top: [{ token: "\uFFFD", logprob: -0.5, bytes: [0xe6, 0x88] }, { token: " I", logprob: -1.2, bytes: null }] });
    expect(second).toMatchObject({ token: "\uFFFD", bytes: [0x91] });
    // Together the bytes are the output's one character.
    expect(Buffer.from([...(first?.bytes ?? []), ...(second?.bytes ?? [])]).toString("utf8")).toBe("我");
  });
});

describe("a streamed legacy completion (SSE)", () => {
  it("is assembled into one response, not refused as a list of complete ones", () => {
    const chunk = (text: string, token: string, logprob: number, offset: number, finish: string | null) => ({
      id: "cmpl-9", object: "text_completion", created: 1_764_288_000, model: "gpt-3.5-turbo-instruct",
      choices: [{ index: 0, text, finish_reason: finish, logprobs: { tokens: [token], token_logprobs: [logprob], top_logprobs: [{ [token]: logprob, " no": -3 }], text_offset: [offset] } }],
    });
    const sse = [chunk(" Yes", " Yes", -0.1, 0, null), chunk(".", ".", -0.4, 4, "stop")].map((event) => `data: ${JSON.stringify(event)}\n\n`).join("") + "data: [DONE]\n\n";
    const parsed = parsePayload(sse);
    expect(parsed.format).toBe("openai-legacy");
    const [sample] = parsed.samples;
    expect(sample?.outputText).toBe(" Yes.");
    expect(sample?.tokens.map((t) => [t.token, t.logprob])).toEqual([[" Yes", -0.1], [".", -0.4]]);
    expect(sample?.finishReason).toBe("stop");
  });

  it("keeps llama.cpp's chat-shaped logprobs ({content: [...]}) that its /v1/completions streams carry", () => {
    const entry = (token: string, logprob: number) => ({ id: 1, token, bytes: [...Buffer.from(token)], logprob, top_logprobs: [{ id: 1, token, bytes: [...Buffer.from(token)], logprob }, { id: 2, token: " x", bytes: [32, 120], logprob: logprob - 2 }] });
    const chunk = (text: string, logprob: number | null, finish: string | null) => ({
      id: "cmpl-1", object: "text_completion", created: 1_764_288_000, model: "llama",
      choices: [{ index: 0, text, logprobs: logprob === null ? null : { content: [entry(text, logprob)] }, finish_reason: finish }],
    });
    const sse = [chunk("Hello", -0.1, null), chunk(" world", -0.5, null), chunk("", null, "stop")].map((event) => `data: ${JSON.stringify(event)}\n\n`).join("") + "data: [DONE]\n\n";
    const [sample] = parsePayload(sse).samples;
    expect(sample?.tokens.map((t) => [t.token, t.logprob, t.top.length])).toEqual([["Hello", -0.1, 2], [" world", -0.5, 2]]);
    expect(sample?.outputText).toBe("Hello world");
    expect(sample?.finishReason).toBe("stop");
  });
});
