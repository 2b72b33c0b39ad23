/**
 * Streams as the providers send them (synthetic, shaped like the recordings in
 * shared/fixtures/peer): SSE recognized by its lines, llama.cpp `/completion` streams in both
 * shapes, Responses API streams, and the chosen token found among its alternatives.
 */
import { describe, expect, it } from "vitest";
import { alignChosenAlternative, chosenAlternativeIndex } from "./tokenEntries";
import { detectFormat, parsePayload } from "./index";
import { looksLikeSse } from "./openaiStream";
import type { TokenAlternative } from "./types";

const sse = (...events: unknown[]) => events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join("");

describe("SSE is recognized by its first line", () => {
  it("takes data:, event:, id:, retry: and : comment lines for SSE, JSON and NDJSON not", () => {
    for (const text of ["data: {}", "event: response.created\ndata: {}", "\n\nid: 1\ndata: {}", ": keep-alive\n\ndata: {}", "retry: 10\n"]) {
      expect(looksLikeSse(text)).toBe(true);
    }
    for (const text of ['{"data": 1}', '[{"event": 1}]', '{"a":1}\n{"b":2}', "datum: 1", ""]) expect(looksLikeSse(text)).toBe(false);
  });

  it("names an SSE stream as such when no format matches", () => {
    expect(() => detectFormat(sse({ a: 1 }, { a: 2 }, { a: 3 }))).toThrow(/an SSE stream of 3 events whose first event is/);
    expect(() => detectFormat("data: [DONE]\n\n")).toThrow(/an SSE stream with no data events/);
  });
});

const entry = (id: number, token: string, bytes: number[], logprob: number, top: unknown[]) => ({ id, token, bytes, logprob, top_logprobs: top });

describe("llama.cpp /completion streams", () => {
  it("assembles the current shape: contents and tokens in order, finish reason and model from the final event", () => {
    const text = sse(
      { index: 0, content: "Hi", stop: false, completion_probabilities: [entry(1, "Hi", [72, 105], -0.1, [{ id: 1, token: "Hi", bytes: [72, 105], logprob: -0.1 }])] },
      { index: 0, content: "!", stop: false, completion_probabilities: [entry(2, "!", [33], -0.5, [])] },
      { index: 0, content: "", stop: true, stop_type: "eos", model: "qwen", tokens_predicted: 2, generation_settings: {} },
    );
    expect(detectFormat(text)).toBe("llamacpp");
    const parsed = parsePayload(text);
    expect(parsed).toMatchObject({ format: "llamacpp", model: "qwen" });
    expect(parsed.samples[0]).toMatchObject({ outputText: "Hi!", finishReason: "stop" });
    expect(parsed.samples[0]?.tokens.map((t) => [t.token, t.logprob])).toEqual([["Hi", -0.1], ["!", -0.5]]);
  });

  it("assembles the pre-2025 probs shape: linear prob 0 is -Infinity, the chosen token's prob its logprob", () => {
    const parsed = parsePayload(sse(
      { content: "a", stop: false, completion_probabilities: [{ content: "a", probs: [{ tok_str: "a", prob: 1 }, { tok_str: "b", prob: 0 }] }] },
      { content: "c", stop: false, completion_probabilities: [{ content: "c", probs: [{ tok_str: "d", prob: 0.75 }, { tok_str: "c", prob: 0.25 }] }] },
    ));
    const tokens = parsed.samples[0]?.tokens ?? [];
    expect(tokens.map((t) => t.logprob)).toEqual([0, Math.log(0.25)]);
    expect(tokens[0]?.top[1]?.logprob).toBe(-Infinity);
    expect(parsed.samples[0]?.outputText).toBe("ac");
  });

  it("names the event in errors", () => {
    const text = sse({ content: "a", completion_probabilities: [] }, { content: "b", completion_probabilities: [{ token: 5, logprob: -1 }] });
    expect(() => parsePayload(text)).toThrow(/events\[1\]\.completion_probabilities\[0\]\.token/);
  });
});

describe("OpenAI Responses streams", () => {
  it("takes each output_text part's logprobs from its delta events, not the rounded ones of response.completed", () => {
    const lp = (token: string, logprob: number) => ({ token, logprob, bytes: [...Buffer.from(token)], top_logprobs: [] });
    const final = {
      id: "resp_1", object: "response", created_at: 1_700_000_000, status: "completed", model: "gpt-4o-mini",
      output: [{ type: "message", content: [{ type: "output_text", text: "A b", logprobs: [lp("A", -0), lp(" b", -0.1)] }] }],
    };
    const text = [
      { type: "response.created", response: { ...final, status: "in_progress", output: [] } },
      { type: "response.output_text.delta", output_index: 0, content_index: 0, delta: "A", logprobs: [lp("A", -1.9e-7)] },
      { type: "response.output_text.delta", output_index: 0, content_index: 0, delta: " b", logprobs: [lp(" b", -0.0987654321)] },
      { type: "response.completed", response: final },
    ].map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join("");
    const parsed = parsePayload(text);
    expect(parsed.format).toBe("openai-responses");
    expect(parsed.samples[0]?.tokens.map((t) => t.logprob)).toEqual([-1.9e-7, -0.0987654321]);
    expect(parsed.samples[0]?.outputText).toBe("A b");
    expect(() => parsePayload(text.split("event: response.completed")[0] as string)).toThrow(/without response.completed/);
  });
});

describe("the chosen token among its alternatives", () => {
  const alt = (token: string, bytes: number[] | null, logprob = -1): TokenAlternative => ({ token, logprob, bytes });

  it("matches by id when ids are sent, even when the texts differ", () => {
    const top = [alt("�", [137], -1e-6), alt("�", [169], -12)];
    const raw = [{ id: 231 }, { id: 102 }];
    expect(chosenAlternativeIndex(" щ", [32, 209, 137], 231, top, raw)).toBe(0);
    alignChosenAlternative(" щ", [32, 209, 137], 231, top, raw);
    expect(top[0]).toEqual({ token: " щ", logprob: -1e-6, bytes: [32, 209, 137] });
    expect(top[1]?.token).toBe("�");
    // Ids decide: an alternative with the same text but another id is not the chosen token.
    expect(chosenAlternativeIndex("x", null, 7, [alt("x", null)], [{ id: 8 }])).toBe(-1);
  });

  it("matches by bytes without ids, else by text", () => {
    expect(chosenAlternativeIndex("é", [195, 169], undefined, [alt("e", [101]), alt("�", [195, 169])], [{}, {}])).toBe(1);
    expect(chosenAlternativeIndex("b", null, undefined, [alt("a", null), alt("b", null)], [{}, {}])).toBe(1);
  });

  it("counts a chosen token listed under another text once (chat content)", () => {
    const parsed = parsePayload({
      object: "chat.completion", model: "m",
      choices: [{ index: 0, message: { content: "é" }, logprobs: { content: [{
        token: "é", logprob: -0.1, bytes: [195, 169],
        top_logprobs: [{ token: "\\xc3\\xa9", logprob: -0.1, bytes: [195, 169] }, { token: "e", logprob: -2.4, bytes: [101] }],
      }] } }],
    });
    expect(parsed.samples[0]?.tokens[0]?.top.map((a) => a.token)).toEqual(["é", "e"]);
  });
});
