/**
 * Format detection from the payload's shape alone (requests are not available).
 * Checks run from the most specific marker to the most generic; see `detectFormat`.
 */
import { describeValue, isRecord, type JsonObject } from "./guards";
import { isChatLogprobsShape } from "./openaiChat";
import { looksLikeSse, parseSseEvents } from "./openaiStream";
import { isOllamaObject } from "./ollama";
import { ParseError, type SourceFormat } from "./types";
import { hasVllmMarkers } from "./vllm";

function unknownFormat(what: string): ParseError {
  return new ParseError(
    "unknown_format",
    `unrecognized payload: ${what}. Expected one of: chat.completion (choices[].logprobs.content), ` +
      "chat.completion.chunk list or SSE text, text_completion (choices[].logprobs.tokens), " +
      "Responses API (output[]), llama.cpp (completion_probabilities), " +
      "Ollama (logprobs[] with response/message), " +
      "or Loupe ({tokens: [...]})",
  );
}

/**
 * Text -> JSON value: SSE (`data:` lines) becomes the list of event payloads (or, for a
 * Responses API stream, the final `response` object); otherwise JSON, else NDJSON lines.
 */
export function decodeTextPayload(text: string): unknown {
  if (looksLikeSse(text)) {
    const events = parseSseEvents(text);
    for (const event of events) {
      if (!isRecord(event)) continue;
      const final = event.type === "response.completed" || event.type === "response.incomplete";
      if (final && isRecord(event.response)) return event.response;
    }
    return events;
  }
  try {
    return JSON.parse(text);
  } catch {
    // Not one JSON document: try NDJSON (Ollama's streamed lines).
  }
  const lines = text.split(/\r?\n/);
  const values: unknown[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (line === "") continue;
    try {
      values.push(JSON.parse(line));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // A bad first line means the text is in no known format; a bad later line, a broken stream.
      const code = values.length === 0 ? "unknown_format" : "invalid_payload";
      throw new ParseError(code, `text is neither JSON, NDJSON nor SSE: line ${i + 1}: ${reason}`);
    }
  }
  return values;
}

function isChatChunk(value: unknown): boolean {
  if (!isRecord(value)) return false;
  if (value.object === "chat.completion.chunk") return true;
  const choices = value.choices;
  return Array.isArray(choices) && choices.some((choice) => isRecord(choice) && "delta" in choice);
}

function detectArray(list: unknown[]): SourceFormat {
  const first = list[0];
  if (first === undefined) throw unknownFormat("an empty array");
  // Azure's first chunk is a prompt-filter chunk with no "object"; look further.
  if (list.some(isChatChunk)) return "openai-chat-stream";
  if (isRecord(first) && isOllamaObject(first)) return "ollama";
  if (isRecord(first) && (first.object === "chat.completion" || first.object === "text_completion")) {
    const what = `an array of ${list.length} complete ${first.object} responses`;
    throw unknownFormat(`${what}; parse each element on its own`);
  }
  throw unknownFormat(`an array whose first element is ${describeValue(first)}`);
}

function detectChoices(root: JsonObject, choices: unknown[]): SourceFormat {
  if (hasVllmMarkers(root)) return "vllm";
  const first: unknown =
    choices.find((choice) => isRecord(choice) && choice.logprobs != null) ?? choices[0];
  if (isRecord(first) && "delta" in first) return "openai-chat-stream";
  const logprobs = isRecord(first) ? first.logprobs : undefined;
  if (isChatLogprobsShape(logprobs)) return "openai-chat";
  if (isRecord(logprobs) && Array.isArray(logprobs.tokens)) {
    // OpenAI (and vLLM) always send text_offset; Together sends tokens/token_logprobs/token_ids.
    return Array.isArray(logprobs.text_offset) ? "openai-legacy" : "together";
  }
  // No logprobs anywhere: pick the shape so the parser can answer no_logprobs.
  const isText = root.object === "text_completion" || (isRecord(first) && typeof first.text === "string");
  return isText ? "openai-legacy" : "openai-chat";
}

/**
 * Detection rules, in order:
 * - text: SSE is decoded to its events, else JSON, else NDJSON; then the rules below
 * - array: any chat.completion.chunk -> openai-chat-stream; Ollama objects -> ollama
 * - `object: "response"` or `output[]` without `choices` -> openai-responses
 * - `completion_probabilities` or llama.cpp's `generation_settings`/`tokens_predicted` -> llamacpp
 * - `object: "chat.completion.chunk"` -> openai-chat-stream (a single chunk)
 * - `choices[]`: vLLM-only keys (`prompt_logprobs`, `kv_transfer_params`, `stop_reason` on
 *   choices) -> vllm; `logprobs.content`/`refusal` -> openai-chat; `logprobs.tokens` with
 *   `text_offset` -> openai-legacy, without -> together; no logprobs: by `object`/`text`
 * - Ollama fields (`done`, `created_at`, `response`/`message`) or `logprobs[]` beside
 *   `response`/`message` -> ollama
 * - `tokens[]` -> loupe
 */
export function detectFormat(payload: unknown): SourceFormat {
  return detectValue(typeof payload === "string" ? decodeTextPayload(payload) : payload);
}

export function detectValue(value: unknown): SourceFormat {
  if (Array.isArray(value)) return detectArray(value);
  if (!isRecord(value)) throw unknownFormat(`expected a JSON object or array, got ${describeValue(value)}`);
  if (value.object === "response" || (Array.isArray(value.output) && !("choices" in value))) {
    return "openai-responses";
  }
  if ("completion_probabilities" in value || "generation_settings" in value || "tokens_predicted" in value) {
    return "llamacpp";
  }
  if (value.object === "chat.completion.chunk") return "openai-chat-stream";
  if (Array.isArray(value.choices)) return detectChoices(value, value.choices);
  const hasText = typeof value.response === "string" || isRecord(value.message);
  if (isOllamaObject(value) || (Array.isArray(value.logprobs) && hasText)) return "ollama";
  if (Array.isArray(value.tokens)) return "loupe";
  const keys = Object.keys(value).slice(0, 8).join(", ");
  throw unknownFormat(`an object with keys {${keys}}`);
}
