import { describe, expect, it } from "vitest";
import { expectParseError } from "./__fixtures__/expectParseError";
import { SAME_TEXT, togetherPayload } from "./__fixtures__/sameResponse";
import { detectFormat } from "./detect";
import { parseTogether } from "./together";

describe("parseTogether", () => {
  it("reads chat choices: tokens without alternatives or bytes", () => {
    const parsed = parseTogether(togetherPayload());
    expect(parsed).toMatchObject({
      format: "together",
      providerId: "8f0a1b2c3d4e5f60-SJC",
      promptTokens: null,
      prompt: null,
    });
    expect(parsed.samples[0]).toMatchObject({ outputText: SAME_TEXT, finishReason: "eos" });
    expect(parsed.samples[0]?.tokens[0]).toEqual({ token: "Hello", logprob: -0.01, bytes: null, top: [] });
  });

  it("reads completion choices (text) and the echoed prompt", () => {
    const payload = {
      id: "8f0a-completions",
      object: "text.completion",
      created: 1700000000,
      model: "meta-llama/Llama-3-8b-hf",
      prompt: [{ text: "Hi", logprobs: { tokens: ["<s>", "Hi"], token_logprobs: [null, -6.1], token_ids: [1, 2] } }],
      choices: [
        {
          text: " there",
          index: 0,
          finish_reason: "length",
          logprobs: { tokens: [" there"], token_logprobs: [-0.4], token_ids: [3] },
        },
      ],
    };
    expect(detectFormat(payload)).toBe("together");
    const parsed = parseTogether(payload);
    expect(parsed.prompt).toBe("Hi");
    expect(parsed.promptTokens?.map((t) => [t.token, t.logprob])).toEqual([
      ["<s>", null],
      ["Hi", -6.1],
    ]);
    expect(parsed.samples[0]).toMatchObject({ outputText: " there", finishReason: "length" });
  });

  it("keeps dict alternatives when Together sends top_logprobs", () => {
    const parsed = parseTogether({
      choices: [
        {
          message: { content: "a" },
          logprobs: { tokens: ["a"], token_logprobs: [-0.1], top_logprobs: [{ b: -3, a: -0.1 }] },
        },
      ],
    });
    expect(parsed.samples[0]?.tokens[0]?.top.map((a) => a.token)).toEqual(["a", "b"]);
  });

  it("reports errors with paths", () => {
    expectParseError(
      () => parseTogether({ choices: [{ logprobs: { tokens: ["a"], token_logprobs: [true] } }] }),
      "invalid_payload",
      "choices[0].logprobs.token_logprobs[0] must be a number or null, got boolean true",
    );
    expectParseError(
      () => parseTogether({ choices: [{ message: { content: "a" }, logprobs: null }] }),
      "no_logprobs",
      "choices[].logprobs",
    );
  });
});
