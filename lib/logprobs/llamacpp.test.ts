import { describe, expect, it } from "vitest";
import { expectParseError } from "./__fixtures__/expectParseError";
import { llamacppPayload, SAME_TEXT, SAME_TOKENS } from "./__fixtures__/sameResponse";
import { parseLlamaCpp } from "./llamacpp";

describe("parseLlamaCpp", () => {
  it("reads the current completion_probabilities shape and the envelope", () => {
    const parsed = parseLlamaCpp(llamacppPayload());
    expect(parsed).toMatchObject({
      format: "llamacpp",
      model: "test-model",
      prompt: "<|user|>Say hello<|assistant|>",
      providerId: null,
    });
    expect(parsed.samples).toEqual([{ sampleIndex: 0, outputText: SAME_TEXT, finishReason: "stop", tokens: SAME_TOKENS }]);
  });

  it("maps -FLT_MAX (llama.cpp's log 0) to -Infinity", () => {
    const parsed = parseLlamaCpp({
      content: "a",
      completion_probabilities: [
        {
          id: 1,
          token: "a",
          bytes: [97],
          logprob: -0.1,
          top_logprobs: [{ id: 2, token: "b", bytes: [98], logprob: -3.4028234663852886e38 }],
        },
      ],
    });
    expect(parsed.samples[0]?.tokens[0]?.top[0]?.logprob).toBe(-Infinity);
  });

  it("converts post_sampling_probs probabilities to logprobs (prob 0 -> -Infinity)", () => {
    const parsed = parseLlamaCpp({
      content: "Hi",
      stop_type: "limit",
      completion_probabilities: [
        {
          id: 13347,
          token: "Hi",
          bytes: [72, 105],
          prob: 0.75,
          top_probs: [
            { id: 13347, token: "Hi", bytes: [72, 105], prob: 0.75 },
            { id: 9906, token: "Hello", bytes: [72, 101, 108, 108, 111], prob: 0 },
          ],
        },
      ],
    });
    const token = parsed.samples[0]?.tokens[0];
    expect(token?.logprob).toBeCloseTo(Math.log(0.75), 12);
    expect(token?.top.map((a) => [a.token, a.logprob])).toEqual([
      ["Hi", Math.log(0.75)],
      ["Hello", -Infinity],
    ]);
    expect(parsed.samples[0]?.finishReason).toBe("length");
  });

  it("reads the pre-2025 {content, probs: [{tok_str, prob}]} shape", () => {
    const parsed = parseLlamaCpp({
      content: " the end",
      model: "models/7B/ggml-model.gguf",
      stopped_eos: true,
      stopped_limit: false,
      completion_probabilities: [
        { content: " the", probs: [{ tok_str: " the", prob: 0.5 }, { tok_str: " a", prob: 0.25 }] },
        { content: " end", probs: [{ tok_str: " start", prob: 0.9 }] },
      ],
    });
    const [first, second] = parsed.samples[0]?.tokens ?? [];
    expect(first).toEqual({
      token: " the",
      logprob: Math.log(0.5),
      bytes: null,
      top: [
        { token: " the", logprob: Math.log(0.5), bytes: null },
        { token: " a", logprob: Math.log(0.25), bytes: null },
      ],
    });
    // The chosen token is not among the probs: its logprob is unknown.
    expect(second).toMatchObject({ token: " end", logprob: null });
    expect(parsed.samples[0]?.finishReason).toBe("stop");
  });

  it("counts each token of a pre-2025 stream once, though its final event repeats them all", () => {
    const hi = { content: "Hi", probs: [{ tok_str: "Hi", prob: 0.9 }, { tok_str: "Hey", prob: 0.05 }] };
    const bang = { content: "!", probs: [{ tok_str: "!", prob: 0.8 }] };
    const events = [
      { content: "Hi", stop: false, completion_probabilities: [hi] },
      { content: "!", stop: false, completion_probabilities: [bang] },
      { content: "", stop: true, stopped_eos: true, generation_settings: {}, completion_probabilities: [hi, bang] },
    ];
    const sample = parseLlamaCpp(events).samples[0];
    expect(sample?.tokens.map((t) => t.token)).toEqual(["Hi", "!"]);
    expect(sample?.outputText).toBe("Hi!");
    // A final event that brings its own token (current servers) keeps it, after a repeat or not.
    const own = { content: ".", probs: [{ tok_str: ".", prob: 0.7 }] };
    expect(parseLlamaCpp([events[0], events[1], { ...events[2], content: ".", completion_probabilities: [own] }]).samples[0]?.tokens.map((t) => t.token)).toEqual(["Hi", "!", "."]);
    expect(parseLlamaCpp([events[0], events[1], { ...events[2], content: ".", completion_probabilities: [hi, bang, own] }]).samples[0]?.tokens.map((t) => t.token)).toEqual(["Hi", "!", "."]);
  });

  it("reads the pre-2025 shape's partial characters (`byte: \\x89`) as bytes", () => {
    const parsed = parseLlamaCpp({
      content: "щ",
      completion_probabilities: [
        { content: "byte: \\xd1", probs: [{ tok_str: "byte: \\xd1", prob: 0.5 }, { tok_str: " a", prob: 0.25 }] },
        { content: "byte: \\x89", probs: [{ tok_str: "byte: \\x89", prob: 0.9 }] },
      ],
    });
    const tokens = parsed.samples[0]?.tokens ?? [];
    expect(tokens.map((t) => [t.token, t.bytes, t.logprob])).toEqual([["\uFFFD", [0xd1], Math.log(0.5)], ["\uFFFD", [0x89], Math.log(0.9)]]);
    expect(tokens[0]?.top[0]).toEqual({ token: "\uFFFD", logprob: Math.log(0.5), bytes: [0xd1] });
  });

  it("maps stop_type like llama.cpp's OpenAI layer", () => {
    const finish = (stop: object) => parseLlamaCpp({ ...stop, completion_probabilities: [] }).samples[0]?.finishReason;
    expect(finish({ stop_type: "word" })).toBe("stop");
    expect(finish({ stop_type: "none" })).toBeNull();
    expect(finish({ stopped_limit: true })).toBe("length");
    expect(finish({})).toBeNull();
  });

  it("answers no_logprobs without completion_probabilities", () => {
    expectParseError(
      () => parseLlamaCpp({ content: "hi", tokens_predicted: 1 }),
      "no_logprobs",
      "completion_probabilities",
    );
  });

  it("names the offending path", () => {
    expectParseError(
      () => parseLlamaCpp({ completion_probabilities: [{ id: 1, token: "a", prob: 1.7 }] }),
      "invalid_payload",
      "completion_probabilities[0].prob must be a probability from 0 to 1, got number 1.7",
    );
    expectParseError(
      () => parseLlamaCpp({ completion_probabilities: [{ content: "a", probs: [{ tok_str: 5, prob: 0.1 }] }] }),
      "invalid_payload",
      "completion_probabilities[0].probs[0].tok_str must be a string",
    );
    expectParseError(
      () => parseLlamaCpp({ completion_probabilities: [{ id: 1 }] }),
      "invalid_payload",
      "completion_probabilities[0] must be an object with logprob/top_logprobs",
    );
    expectParseError(
      () => parseLlamaCpp({ completion_probabilities: {} }),
      "invalid_payload",
      "completion_probabilities must be an array",
    );
  });

  it("keeps each completion of an n > 1 stream apart by its index, interleaved as the server sends them", () => {
    const event = (index: number, token: string, logprob: number, stop = false) => ({
      index, content: token, stop, ...(stop ? { stop_type: "eos" } : {}),
      completion_probabilities: [{ id: 1, token, bytes: [...Buffer.from(token)], logprob, top_logprobs: [{ id: 1, token, bytes: [...Buffer.from(token)], logprob }] }],
    });
    const parsed = parseLlamaCpp([event(0, " Yes", -0.1), event(1, " No", -0.7), event(1, ".", -0.2, true), event(0, "!", -0.3, true)]);
    expect(parsed.samples.map((sample) => [sample.sampleIndex, sample.outputText, sample.finishReason, sample.tokens.map((t) => t.logprob)])).toEqual([
      [0, " Yes!", "stop", [-0.1, -0.3]],
      [1, " No.", "stop", [-0.7, -0.2]],
    ]);
  });
});
