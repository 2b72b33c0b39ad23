import { describe, expect, it } from "vitest";
import { expectParseError } from "./__fixtures__/expectParseError";
import { openaiResponsesPayload, SAME_TOKENS } from "./__fixtures__/sameResponse";
import { parsePayload } from "./index";
import { parseOpenAIResponses } from "./openaiResponses";

const entry = (token: string, logprob: number) => ({ token, logprob, bytes: [], top_logprobs: [] });
const message = (...content: object[]) => ({ type: "message", role: "assistant", status: "completed", content });
const text = (value: string, logprobs: object[]) => ({ type: "output_text", text: value, annotations: [], logprobs });

describe("parseOpenAIResponses", () => {
  it("reads the message's output_text logprobs, skipping reasoning items", () => {
    const parsed = parseOpenAIResponses(openaiResponsesPayload());
    expect(parsed).toMatchObject({
      format: "openai-responses",
      providerId: "resp_same",
      createdAt: new Date(1733743961 * 1000),
    });
    expect(parsed.samples[0]?.tokens).toEqual(SAME_TOKENS);
    expect(parsed.samples[0]?.finishReason).toBe("stop");
  });

  it("concatenates several parts and reports incomplete responses' reason", () => {
    const parsed = parseOpenAIResponses({
      object: "response",
      status: "incomplete",
      incomplete_details: { reason: "max_output_tokens" },
      output: [message(text("Hel", [entry("Hel", -1)])), message(text("lo", [entry("lo", -2)]))],
    });
    expect(parsed.samples[0]).toMatchObject({ outputText: "Hello", finishReason: "max_output_tokens" });
    expect(parsed.samples[0]?.tokens.map((t) => t.token)).toEqual(["Hel", "lo"]);
  });

  it("parses the final event of a streamed (SSE) response", () => {
    const response = openaiResponsesPayload();
    const event = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}`;
    const sse = [
      event("response.created", { response: { ...response, status: "in_progress", output: [] } }),
      event("response.output_text.delta", { delta: "Hello" }),
      event("response.completed", { response }),
    ].join("\n\n");
    expect(parsePayload(sse)).toEqual(parseOpenAIResponses(response));
  });

  it("answers no_logprobs for empty logprobs lists and for outputs without text", () => {
    expectParseError(
      () => parseOpenAIResponses({ object: "response", status: "completed", output: [message(text("Hi", []))] }),
      "no_logprobs",
      "every output_text part has empty logprobs",
    );
    expectParseError(
      () => parseOpenAIResponses({ object: "response", output: [{ type: "function_call", name: "f", arguments: "{}" }] }),
      "no_logprobs",
      "output[] has no message with output_text content",
    );
  });

  it("names the offending path", () => {
    expectParseError(
      () =>
        parseOpenAIResponses({
          object: "response",
          output: [message(text("a", [{ token: "a", logprob: -1, bytes: "a" }]))],
        }),
      "invalid_payload",
      'output[0].content[0].logprobs[0].bytes must be an array of byte values or null, got string "a"',
    );
    expectParseError(
      () => parseOpenAIResponses({ object: "response", output: [{ type: "message" }] }),
      "invalid_payload",
      "output[0].content must be an array",
    );
    expectParseError(
      () => parseOpenAIResponses({ object: "response" }),
      "invalid_payload",
      "output must be an array, got nothing (missing)",
    );
  });
});
