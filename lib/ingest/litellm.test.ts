import { describe, expect, it } from "vitest";
import { liteLLMChatPayload, liteLLMTextCompletionPayload } from "@/lib/logprobs/__fixtures__/litellmPayload";
import { SAME_TEXT } from "@/lib/logprobs/__fixtures__/sameResponse";
import { instantMs } from "./litellm";
import { prepareRecord } from "./prepare";

const options = { now: Date.parse("2026-11-23T00:00:00Z"), lengthNormAlpha: 0.7 };

describe("LiteLLM payload -> stored response", () => {
  it("takes the call id, model, provider, start time, messages, params, tags and metadata", () => {
    const payload = liteLLMChatPayload();
    const [prepared] = prepareRecord(payload, options);
    expect(prepared).toMatchObject({
      externalId: "6c1b0e43-5a53-4f1e-9a43-7d8f4b7a2c11",
      model: "gpt-4o-mini",
      provider: "openai",
      sourceFormat: "openai-chat",
      occurredAt: 1_764_300_000_255,
      outputText: SAME_TEXT,
      finishReason: "stop",
      messages: payload.messages,
      params: { temperature: 0.2, logprobs: true, top_logprobs: 2, max_tokens: 64 },
      tags: ["support", "prod"],
    });
    expect(prepared?.metrics.tokenCount).toBe(6);
    expect(prepared?.metadata).toEqual({
      source: "litellm",
      user: "customer-981",
      litellm_call_id: "6c1b0e43-5a53-4f1e-9a43-7d8f4b7a2c11",
      trace_id: "b5a2f0e1-1d9c-4c8e-9f57-3e0f6d1a9b22",
      call_type: "acompletion",
      model_group: "gpt-4o-mini",
      api_base: "https://api.openai.com/v1",
      stream: false,
      cache_hit: false,
      latency_ms: 812.5,
      response_cost: 0.0000054,
      user_api_key_alias: "support-bot",
      user_api_key_user_id: "u-42",
      user_api_key_team_alias: "support",
      user_api_key_team_id: "team-7",
      requester_metadata: { ticket: "T-1001" },
    });
  });

  it("records the time to first token of a streamed call only", () => {
    const [streamed] = prepareRecord(liteLLMChatPayload({ stream: true }), options);
    expect(streamed?.metadata).toMatchObject({ stream: true, latency_ms: 812.5, time_to_first_token_ms: 300 });
    const [plain] = prepareRecord(liteLLMChatPayload(), options);
    expect(plain?.metadata).not.toHaveProperty("time_to_first_token_ms");
  });

  it("falls back to the payload id when an older LiteLLM sends no litellm_call_id", () => {
    const { litellm_call_id: _dropped, ...older } = liteLLMChatPayload();
    const [prepared] = prepareRecord(older, options);
    expect(prepared?.externalId).toBe(older.id);
  });

  it("stores a text completion's prompt when messages is a string", () => {
    const [prepared] = prepareRecord({ ...liteLLMTextCompletionPayload(), messages: "Greet the world" }, options);
    expect(prepared).toMatchObject({ sourceFormat: "openai-legacy", prompt: "Greet the world", messages: null, tags: ["batch"] });
  });

  it("refuses a failure event with its error, and a payload without a response object", () => {
    expect(() => prepareRecord(liteLLMChatPayload({ status: "failure" }), options)).toThrow(
      expect.objectContaining({ code: "litellm_failure", message: expect.stringContaining("Rate limit reached") }),
    );
    expect(() => prepareRecord({ ...liteLLMChatPayload(), response: "redacted-by-litellm" }, options)).toThrow(
      expect.objectContaining({ code: "invalid_payload", message: expect.stringContaining("response must be") }),
    );
  });

  it("reads LiteLLM's times as epoch seconds or Python datetime text (UTC when naive)", () => {
    expect(instantMs(1_737_710_446.847371)).toBeCloseTo(1_737_710_446_847.371, 2);
    expect(instantMs("2025-01-24 09:20:46.847371")).toBe(Date.parse("2025-01-24T09:20:46.847Z"));
    expect(instantMs("2025-01-24T09:20:46+02:00")).toBe(Date.parse("2025-01-24T07:20:46Z"));
    expect(instantMs("yesterday")).toBeUndefined();
    expect(instantMs(null)).toBeUndefined();
  });
});
