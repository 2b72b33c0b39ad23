import { describe, expect, it } from "vitest";
import { expectParseError } from "./__fixtures__/expectParseError";
import { SAME_TOKENS, vllmPayload } from "./__fixtures__/sameResponse";
import { detectFormat } from "./detect";
import { prepareRecord } from "@/lib/ingest/prepare";
import { decodeTokens } from "@/lib/storage/tokenBlob";
import { parsePromptLogprobs, parseVllm } from "./vllm";

const lp = (logprob: number, rank: number, decoded_token: string | null) => ({ logprob, rank, decoded_token });

/** vLLM /v1/completions with echo-less prompt_logprobs=1 and logprobs=1. */
function completionPayload() {
  return {
    id: "cmpl-4f1c",
    object: "text_completion",
    created: 1700000000,
    model: "Qwen/Qwen2.5-0.5B",
    choices: [
      {
        index: 0,
        text: " Paris",
        logprobs: { text_offset: [20], token_logprobs: [-0.2], tokens: [" Paris"], top_logprobs: [{ " Paris": -0.2 }] },
        finish_reason: "length",
        stop_reason: null,
        prompt_logprobs: [
          null,
          { "6722": lp(-1.5, 1, " capital") },
          { "315": lp(-0.01, 1, " of"), "11": lp(-9999.0, 40000, ",") },
        ],
      },
    ],
    usage: { prompt_tokens: 3, total_tokens: 4, completion_tokens: 1 },
  };
}

describe("parseVllm", () => {
  it("parses the chat shape with vLLM markers", () => {
    const parsed = parseVllm(vllmPayload());
    expect(parsed.format).toBe("vllm");
    expect(parsed.samples[0]?.tokens).toEqual(SAME_TOKENS);
    expect(parsed.promptTokens).toBeNull();
  });

  it("parses completions with choices[0].prompt_logprobs; -9999 becomes -Infinity", () => {
    const parsed = parseVllm(completionPayload());
    expect(parsed.samples[0]).toMatchObject({ outputText: " Paris", finishReason: "length" });
    expect(parsed.samples[0]?.tokens[0]).toMatchObject({ token: " Paris", logprob: -0.2 });
    // JSON.parse puts key "11" before "315": the prompt token is found by rank, not key order.
    expect(parsed.promptTokens).toEqual([
      { token: "", logprob: null, bytes: null, top: [] },
      { token: " capital", logprob: -1.5, bytes: null, top: [{ token: " capital", logprob: -1.5, bytes: null }] },
      {
        token: ",",
        logprob: -Infinity,
        bytes: null,
        top: [
          { token: " of", logprob: -0.01, bytes: null },
          { token: ",", logprob: -Infinity, bytes: null },
        ],
      },
    ]);
  });

  it("accepts prompt-only scoring (prompt_logprobs without sample logprobs)", () => {
    const parsed = parseVllm({
      object: "chat.completion",
      choices: [{ index: 0, message: { content: "x" }, logprobs: null, finish_reason: "length", stop_reason: null }],
      prompt_logprobs: [null, { "5": lp(-2, 3, "b") }],
    });
    expect(parsed.promptTokens?.[1]).toMatchObject({ token: "b", logprob: -2 });
    expect(parsed.samples[0]?.tokens).toEqual([]);
  });

  it("answers no_logprobs when there are neither sample nor prompt logprobs", () => {
    expectParseError(
      () =>
        parseVllm({
          choices: [{ message: { content: "x" }, logprobs: null, stop_reason: null }],
          prompt_logprobs: null,
        }),
      "no_logprobs",
      "prompt_logprobs",
    );
  });

  it("is detected by vLLM-only keys", () => {
    expect(detectFormat(completionPayload())).toBe("vllm");
    const choice = { message: { content: "" }, logprobs: { content: [] } };
    expect(detectFormat({ choices: [{ ...choice, stop_reason: 128001 }] })).toBe("vllm");
    expect(detectFormat({ choices: [choice], kv_transfer_params: null })).toBe("vllm");
    expect(detectFormat({ choices: [choice] })).toBe("openai-chat");
  });

  it("reports bad prompt_logprobs entries with paths", () => {
    const payload = completionPayload();
    const positions = payload.choices[0]?.prompt_logprobs as unknown[];
    positions[2] = { "315": { logprob: -0.1, rank: "1", decoded_token: " of" } };
    expectParseError(
      () => parseVllm(payload),
      "invalid_payload",
      'choices[0].prompt_logprobs[2]["315"].rank must be a number, got string "1"',
    );
    positions[2] = {};
    expectParseError(
      () => parseVllm(payload),
      "invalid_payload",
      "choices[0].prompt_logprobs[2] must be a non-empty object",
    );
  });
});

describe("parsePromptLogprobs: which entry is the prompt token", () => {
  it("k = 2: a k+1-entry position holds the prompt token at the highest rank, a k-entry one at rank 1", () => {
    const tokens = parsePromptLogprobs(
      [
        null,
        { "1": lp(-0.1, 1, "a"), "2": lp(-2, 2, "b"), "3": lp(-5, 9, "c") },
        { "4": lp(-0.3, 1, "d"), "5": lp(-1.4, 2, "e") },
      ],
      "prompt_logprobs",
      null,
    );
    expect(tokens.map((t) => t.token)).toEqual(["", "c", "d"]);
    expect(tokens[1]?.top.map((a) => a.token)).toEqual(["a", "b", "c"]);
  });

  it("uses prompt_token_ids when the payload has them", () => {
    const tokens = parsePromptLogprobs(
      [null, { "4": lp(-0.3, 1, "d"), "5": lp(-1.4, 2, "e") }],
      "prompt_logprobs",
      [7, 5],
    );
    expect(tokens[1]).toMatchObject({ token: "e", logprob: -1.4 });
  });

  it("spells undecodable tokens as vLLM does", () => {
    const tokens = parsePromptLogprobs([null, { "42": lp(-1, 1, null) }], "p", null);
    expect(tokens[1]?.token).toBe("token_id:42");
  });
});

describe("prompt_logprobs with the request's k (prompt_logprobs in the envelope's request.params)", () => {
  // prompt_logprobs=1, and each prompt token ranks 2nd: every position holds k+1 = 2 entries,
  // so the response alone cannot say which is the prompt token.
  const positions = [null, { "100": lp(-0.5, 1, "top1"), "200": lp(-1.5, 2, "actual") }, { "300": lp(-0.2, 1, "top1b"), "50": lp(-2.0, 2, "actual2") }];

  it("picks the entry outside the top-k when k is known", () => {
    expect(parsePromptLogprobs(positions, "prompt_logprobs", null, 1).slice(1).map((t) => [t.token, t.logprob])).toEqual([["actual", -1.5], ["actual2", -2.0]]);
    // Without k, rank 1 is taken (the documented guess).
    expect(parsePromptLogprobs(positions, "prompt_logprobs", null).slice(1).map((t) => t.token)).toEqual(["top1", "top1b"]);
  });

  it("gets k from the ingested envelope's request.params", () => {
    const response = { id: "cmpl-v", object: "text_completion", created: 1, model: "m", choices: [{ index: 0, text: " x", logprobs: null, finish_reason: "length", prompt_logprobs: positions }] };
    const [sample] = prepareRecord({ response, request: { params: { prompt_logprobs: 1 } } }, { now: 0, lengthNormAlpha: 0.7 });
    expect(sample?.promptTokenCount).toBe(3);
    expect(decodeTokens(sample?.promptTokensBlob as Buffer).slice(1).map((t) => t.token)).toEqual(["actual", "actual2"]);
  });
});
