import { describe, expect, it } from "vitest";
import { liteLLMChatPayload } from "@/lib/logprobs/__fixtures__/litellmPayload";
import { ApiError } from "@/lib/api/errors";
import { prepareBody } from "./ingestBody";

const options = { now: Date.parse("2026-11-28T00:00:00Z"), lengthNormAlpha: 0.7 };

describe("prepareBody: NDJSON without an NDJSON content type", () => {
  it("reads lines of JSON sent as application/json as NDJSON, a bad line at its index", () => {
    const text = [JSON.stringify(liteLLMChatPayload({ callId: "a" })), "{broken", JSON.stringify(liteLLMChatPayload({ callId: "b" }))].join("\n");
    const batch = prepareBody(text, "application/json", options);
    expect(batch.results).toHaveLength(3);
    expect(batch.results[1]?.error?.code).toBe("invalid_json");
    expect(batch.prepared.map((samples) => samples[0]?.externalId)).toEqual(["a", "b"]);
  });

  it("still answers invalid_json for a body that is neither JSON nor NDJSON", () => {
    for (const text of ["{ nope", "{ nope\n{ also nope }", "[1,\n2"]) {
      expect(() => prepareBody(text, "application/json", options)).toThrow(expect.objectContaining({ status: 400, code: "invalid_json" }) as ApiError);
    }
  });
});

describe("prepareBody: one streamed response sent as a list", () => {
  const chunk = (id: string, delta: object, logprobs: unknown, finish: string | null = null) => ({
    id, object: "chat.completion.chunk", created: 1_764_288_000, model: "gpt-4o-mini",
    choices: [{ index: 0, delta, logprobs, finish_reason: finish }],
  });
  const entry = (token: string, logprob: number) => ({ token, logprob, bytes: null, top_logprobs: [{ token, logprob, bytes: null }] });
  const chatStream = [
    chunk("c1", { role: "assistant", content: "" }, { content: [] }),
    chunk("c1", { content: "Foo" }, { content: [entry("Foo", -0.1)] }),
    chunk("c1", { content: "!" }, { content: [entry("!", -0.7)] }),
    chunk("c1", {}, null, "stop"),
  ];
  const ollama = (response: string, done: boolean, logprob?: number) => ({
    model: "llama3", created_at: "2025-11-28T00:00:00Z", response, done,
    ...(logprob === undefined ? { done_reason: "stop" } : { logprobs: [{ token: response, logprob, top_logprobs: [] }] }),
  });
  const ollamaStream = [ollama("Hi", false, -0.2), ollama("!", false, -0.9), ollama("", true)];

  it("assembles an array of chat chunks (bytes or text) into one response, not a record per chunk", () => {
    for (const body of [Buffer.from(JSON.stringify(chatStream)), JSON.stringify(chatStream)]) {
      const batch = prepareBody(body, "application/json", options);
      expect(batch.results).toEqual([{ index: 0 }]);
      const [sample] = batch.prepared[0] ?? [];
      expect(sample?.sourceFormat).toBe("openai-chat-stream");
      expect(sample?.outputText).toBe("Foo!");
      expect(sample?.metrics.tokenCount).toBe(2);
    }
  });

  it("assembles Ollama's streamed NDJSON (and its array) into one response", () => {
    const ndjson = ollamaStream.map((line) => JSON.stringify(line)).join("\n");
    for (const [body, type] of [[ndjson, "application/x-ndjson"], [ndjson, "application/json"], [Buffer.from(JSON.stringify(ollamaStream)), "application/json"]] as const) {
      const batch = prepareBody(body, type, options);
      expect(batch.results, type).toEqual([{ index: 0 }]);
      expect(batch.prepared[0]?.[0]?.outputText).toBe("Hi!");
      expect(batch.prepared[0]?.[0]?.metrics.tokenCount).toBe(2);
    }
  });

  it("keeps a batch a batch: complete Ollama answers, mixed records, and {records: [chunks]}", () => {
    const complete = [{ ...ollama("Hi", true, -0.2), done_reason: "stop" }, { ...ollama("Yo", true, -0.4), done_reason: "stop" }];
    expect(prepareBody(JSON.stringify(complete), "application/json", options).results).toHaveLength(2);
    expect(prepareBody(Buffer.from(JSON.stringify([chatStream[1], { tokens: [{ token: "a", logprob: -1 }] }])), "application/json", options).results).toHaveLength(2);
    expect(prepareBody(Buffer.from(JSON.stringify({ records: chatStream })), "application/json", options).results).toHaveLength(4);
  });
});
