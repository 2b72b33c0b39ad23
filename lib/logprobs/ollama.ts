/**
 * Ollama native API with `logprobs: true` (and `top_logprobs`): `/api/generate` (text in
 * `response`) or `/api/chat` (text in `message.content`), with a top-level
 * `logprobs: [{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}]`.
 * A streamed reply (an array of the NDJSON objects) is assembled: texts and logprobs are
 * concatenated, done_reason comes from the final object.
 */
import {
  expectRecord,
  isoToDate,
  noLogprobs,
  optionalString,
  type JsonObject,
} from "./guards";
import { readTokenEntries } from "./tokenEntries";
import type { NormalizedToken, ParsedPayload } from "./types";

function ollamaText(chunk: JsonObject, path: string): string | null {
  if (chunk.message != null) {
    const message = expectRecord(chunk.message, `${path}message`);
    return optionalString(message.content, `${path}message.content`);
  }
  return optionalString(chunk.response, `${path}response`);
}

export function parseOllama(payload: unknown): ParsedPayload {
  const streamed = Array.isArray(payload);
  const chunks = streamed ? payload : [expectRecord(payload, "")];
  const tokens: NormalizedToken[] = [];
  let text = "";
  let sawLogprobs = false;
  let model: string | null = null;
  let createdAt: Date | null = null;
  let finishReason: string | null = null;

  for (let i = 0; i < chunks.length; i++) {
    // Paths read `logprobs[3].logprob` for one object and `chunks[2].logprobs[3].logprob` for a stream.
    const prefix = streamed ? `chunks[${i}].` : "";
    const chunk = expectRecord(chunks[i], streamed ? `chunks[${i}]` : "");
    model ??= optionalString(chunk.model, `${prefix}model`);
    createdAt ??= isoToDate(chunk.created_at, `${prefix}created_at`);
    text += ollamaText(chunk, prefix) ?? "";
    finishReason = optionalString(chunk.done_reason, `${prefix}done_reason`) ?? finishReason;
    if (chunk.logprobs != null) {
      sawLogprobs = true;
      const chunkTokens = readTokenEntries(chunk.logprobs, `${prefix}logprobs`);
      for (const token of chunkTokens) tokens.push(token);
    }
  }
  if (!sawLogprobs) throw noLogprobs("logprobs is absent (request with \"logprobs\": true)");
  return {
    format: "ollama",
    providerId: null,
    model,
    createdAt,
    promptTokens: null,
    prompt: null,
    samples: [{ sampleIndex: 0, outputText: text, finishReason, tokens }],
  };
}

/** True for an Ollama `/api/generate` or `/api/chat` reply object (streamed or not). */
export function isOllamaObject(value: JsonObject): boolean {
  return (
    typeof value.done === "boolean" &&
    typeof value.created_at === "string" &&
    (typeof value.response === "string" || value.message != null)
  );
}
