import { describe, expect, it } from "vitest";
import { liteLLMChatPayload, liteLLMTextCompletionPayload } from "./__fixtures__/litellmPayload";
import { expectParseError } from "./__fixtures__/expectParseError";
import { SAME_TEXT, SAME_TOKENS } from "./__fixtures__/sameResponse";
import { detectFormat, isLiteLLMPayload, parsePayload } from "./index";

describe("LiteLLM StandardLoggingPayload", () => {
  it("is told apart from the provider responses and envelopes it resembles", () => {
    expect(isLiteLLMPayload(liteLLMChatPayload())).toBe(true);
    expect(isLiteLLMPayload(liteLLMChatPayload().response)).toBe(false);
    // An envelope and an Ollama /api/generate reply also have `response`, but no call_type.
    expect(isLiteLLMPayload({ id: "x", response: {} })).toBe(false);
    expect(isLiteLLMPayload({ model: "m", created_at: "2025-01-01T00:00:00Z", response: "x", done: true })).toBe(false);
    expect(isLiteLLMPayload({ call_type: "acompletion", response: {} })).toBe(false);
  });

  it("is detected as the format of its response", () => {
    expect(detectFormat(liteLLMChatPayload())).toBe("openai-chat");
    expect(detectFormat(liteLLMTextCompletionPayload())).toBe("openai-legacy");
    expect(detectFormat(JSON.stringify(liteLLMChatPayload()))).toBe("openai-chat");
  });

  it("parses the chat response inside it to the same tokens as the bare response", () => {
    const parsed = parsePayload(liteLLMChatPayload());
    expect(parsed.format).toBe("openai-chat");
    expect(parsed.model).toBe("gpt-4o-mini-2024-07-18");
    expect(parsed.samples).toHaveLength(1);
    expect(parsed.samples[0]?.outputText).toBe(SAME_TEXT);
    expect(parsed.samples[0]?.tokens).toEqual(SAME_TOKENS);
  });

  it("parses a text completion inside it", () => {
    const parsed = parsePayload(liteLLMTextCompletionPayload());
    expect(parsed.format).toBe("openai-legacy");
    expect(parsed.samples[0]?.tokens.map((t) => t.token)).toEqual(SAME_TOKENS.map((t) => t.token));
  });

  it("answers no_logprobs when the call did not ask for logprobs", () => {
    const payload = liteLLMChatPayload();
    const response = payload.response as { choices: Array<Record<string, unknown>> };
    delete response.choices[0]?.logprobs;
    expectParseError(() => parsePayload(payload), "no_logprobs", "");
  });
});
