import { describe, expect, it } from "vitest";
import { expectParseError } from "./__fixtures__/expectParseError";
import { detectFormat } from "./detect";
import { parseLoupe } from "./loupe";

describe("parseLoupe", () => {
  it("reads the minimal shape; text defaults to the tokens joined", () => {
    const parsed = parseLoupe({ tokens: [{ token: "a", logprob: -0.5 }, { token: "b", logprob: null }] });
    expect(parsed).toEqual({
      format: "loupe",
      providerId: null,
      model: null,
      createdAt: null,
      promptTokens: null,
      prompt: null,
      samples: [
        {
          sampleIndex: 0,
          outputText: "ab",
          finishReason: null,
          tokens: [
            { token: "a", logprob: -0.5, bytes: null, top: [] },
            { token: "b", logprob: null, bytes: null, top: [] },
          ],
        },
      ],
    });
  });

  it("reads top, bytes, text, model and finish_reason", () => {
    const payload = {
      tokens: [
        {
          token: "é",
          logprob: -0.1,
          bytes: [195, 169],
          top: [
            { token: "é", logprob: -0.1 },
            { token: "e", logprob: -2.4, bytes: [101] },
          ],
        },
      ],
      text: "é",
      model: "local",
      finish_reason: "stop",
    };
    expect(detectFormat(payload)).toBe("loupe");
    const parsed = parseLoupe(payload);
    expect(parsed.samples[0]).toMatchObject({ outputText: "é", finishReason: "stop" });
    expect(parsed.samples[0]?.tokens[0]?.top).toEqual([
      { token: "é", logprob: -0.1, bytes: null },
      { token: "e", logprob: -2.4, bytes: [101] },
    ]);
  });

  it("reads prompt_tokens and a sample index", () => {
    const parsed = parseLoupe({
      tokens: [{ token: "b", logprob: -0.5 }],
      prompt_tokens: [{ token: "<s>", logprob: null }, { token: "a", logprob: -3, top: [{ token: "a", logprob: -3 }, { token: "c", logprob: -1 }] }],
      index: 2,
    });
    expect(parsed.promptTokens).toEqual([
      { token: "<s>", logprob: null, bytes: null, top: [] },
      { token: "a", logprob: -3, bytes: null, top: [{ token: "a", logprob: -3, bytes: null }, { token: "c", logprob: -1, bytes: null }] },
    ]);
    expect(parsed.samples[0]?.sampleIndex).toBe(2);
    expectParseError(() => parseLoupe({ tokens: [], index: -1 }), "invalid_payload", "index must be a whole number ≥ 0, got number -1");
  });

  it("names the offending path", () => {
    expectParseError(
      () => parseLoupe({ tokens: [{ token: "a", logprob: "low" }] }),
      "invalid_payload",
      'tokens[0].logprob must be a number, got string "low"',
    );
    expectParseError(
      () =>
        parseLoupe({ tokens: [{ token: "a", logprob: -1, top: [{ token: "b", logprob: -2, bytes: [-1] }] }] }),
      "invalid_payload",
      "tokens[0].top[0].bytes[0] must be an integer from 0 to 255",
    );
    expectParseError(
      () => parseLoupe({ tokens: [], model: 7 }),
      "invalid_payload",
      "model must be a string or null, got number 7",
    );
    expectParseError(() => parseLoupe({}), "invalid_payload", "tokens must be an array");
  });
});
