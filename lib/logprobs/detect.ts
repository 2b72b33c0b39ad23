/**
 * Format detection from the payload's shape alone (requests are not available).
 * Checks run from the most specific marker to the most generic; see `detectFormat`.
 */
import { describeValue, isRecord, type JsonObject } from "./guards";
import { isChatLogprobsShape } from "./openaiChat";
import { isLiteLLMPayload } from "./litellm";
import { isLlamaCppObject } from "./llamacpp";
import { assembleResponsesStream, isResponsesStreamEvent } from "./openaiResponses";
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

/** How a list decoded from text is named in errors: "an SSE stream of 3 events", not "an array". */
export type ListOrigin = "array" | "sse" | "ndjson";

export interface DecodedText {
  value: unknown;
  origin: ListOrigin;
}

/**
 * Text -> JSON value: SSE becomes the list of event payloads (or, for a Responses API stream,
 * the final `response` with the deltas' logprobs); otherwise JSON, else NDJSON lines.
 */
export function decodeText(text: string): DecodedText {
  if (looksLikeSse(text)) {
    const events = parseSseEvents(text);
    if (events.some(isResponsesStreamEvent)) {
      const response = assembleResponsesStream(events);
      if (response === null) {
        throw unknownFormat(`an SSE stream of ${events.length} Responses API events without response.completed`);
      }
      return { value: response, origin: "sse" };
    }
    return { value: events, origin: "sse" };
  }
  try {
    return { value: JSON.parse(text), origin: "array" };
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
  return { value: values, origin: "ndjson" };
}

export function decodeTextPayload(text: string): unknown {
  return decodeText(text).value;
}

const LIST_NAMES: Record<ListOrigin, { list: string; item: string; empty: string }> = {
  array: { list: "an array", item: "element", empty: "an empty array" },
  sse: { list: "an SSE stream", item: "event", empty: "an SSE stream with no data events" },
  ndjson: { list: "NDJSON text", item: "line", empty: "empty NDJSON text" },
};

function isChatChunk(value: unknown): boolean {
  if (!isRecord(value)) return false;
  if (value.object === "chat.completion.chunk") return true;
  const choices = value.choices;
  return Array.isArray(choices) && choices.some((choice) => isRecord(choice) && "delta" in choice);
}

/** Azure's first streamed chunk: prompt-filter results, no choices, no `object`. */
function isEmptyChunk(value: unknown): boolean {
  return isRecord(value) && Array.isArray(value.choices) && value.choices.length === 0;
}

/**
 * What opens a stream: an OpenAI chat chunk (or Azure's empty first one), or an Ollama object or
 * llama.cpp `/completion` event that is not the last (`done: false`, `stop: false`).
 */
export function opensStream(value: unknown): boolean {
  if (isChatChunk(value) || isEmptyChunk(value)) return true;
  if (!isRecord(value)) return false;
  return (value.done === false && isOllamaObject(value)) || (value.stop === false && isLlamaCppObject(value));
}

/**
 * Whether one piece of streamsOf's cut (a list of JSON values) is one streamed response rather
 * than records: every item a chat chunk (Azure's empty first one allowed), or every item an
 * Ollama object, or every item a llama.cpp `/completion` event, with one not the last. A complete
 * response is never a lone chunk, so such a list sent as records stored an empty first chunk and
 * refused the rest; the parser assembles it as one response. streamsOf has already cut where a
 * chunk id changes or after a final object, so a piece holds at most one of each.
 */
function isOneStream(list: readonly unknown[]): boolean {
  if (list.length < 2 || !opensStream(list[0])) return false;
  if (list.some(isChatChunk)) return list.every((item) => isChatChunk(item) || isEmptyChunk(item));
  const records = list.filter(isRecord);
  if (records.length < list.length) return false;
  if (records.every(isOllamaObject)) return records.some((item) => item.done === false);
  return records.every(isLlamaCppObject) && records.some((item) => item.stop === false);
}

/**
 * A list of JSON values (a body's array, its NDJSON lines, a saved file) cut into the streamed
 * responses it holds, one after the other: OpenAI chunks where the id changes, Ollama and
 * llama.cpp objects after each final one (`done: true` / `stop: true`). Null unless every piece
 * is one stream (isOneStream): then the list is a batch of records, read one by one.
 */
export function streamsOf(list: readonly unknown[]): unknown[][] | null {
  if (list.length < 2 || !opensStream(list[0])) return null;
  const pieces: unknown[][] = [];
  let current: unknown[] = [];
  let currentId: unknown;
  const chat = list.some(isChatChunk);
  for (const item of list) {
    const id = isRecord(item) && typeof item.id === "string" && item.id !== "" ? item.id : undefined;
    if (chat && id !== undefined && currentId !== undefined && id !== currentId) {
      pieces.push(current);
      current = [];
      currentId = undefined;
    }
    current.push(item);
    if (chat) currentId ??= id;
    else if (isRecord(item) && (item.done === true || item.stop === true)) {
      pieces.push(current);
      current = [];
    }
  }
  if (current.length > 0) pieces.push(current);
  return pieces.every(isOneStream) ? pieces : null;
}

function detectArray(list: unknown[], origin: ListOrigin): SourceFormat {
  const names = LIST_NAMES[origin];
  const first = list[0];
  if (first === undefined) throw unknownFormat(names.empty);
  // Azure's first chunk is a prompt-filter chunk with no "object"; look further.
  if (list.some(isChatChunk)) return "openai-chat-stream";
  if (list.some((item) => isRecord(item) && isLlamaCppObject(item))) return "llamacpp";
  if (isRecord(first) && isOllamaObject(first)) return "ollama";
  if (isRecord(first) && (first.object === "chat.completion" || first.object === "text_completion")) {
    const what = `${names.list} of ${list.length} complete ${first.object} responses`;
    throw unknownFormat(`${what}; parse each ${names.item} on its own`);
  }
  const count = `${list.length} ${names.item}${list.length === 1 ? "" : "s"}`;
  throw unknownFormat(`${names.list} of ${count} whose first ${names.item} is ${describeValue(first)}`);
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
 * - text: SSE (by its first line) is decoded to its events (a Responses API stream to its
 *   final response with the deltas' logprobs), else JSON, else NDJSON; then the rules below
 * - array: any chat.completion.chunk -> openai-chat-stream; any llama.cpp `/completion`
 *   event -> llamacpp; Ollama objects -> ollama
 * - `object: "response"` or `output[]` without `choices` -> openai-responses
 * - `completion_probabilities` or llama.cpp's `generation_settings`/`tokens_predicted` -> llamacpp
 * - `object: "chat.completion.chunk"` -> openai-chat-stream (a single chunk)
 * - `choices[]`: vLLM-only keys (`prompt_logprobs`, `kv_transfer_params`, `stop_reason` on
 *   choices) -> vllm; `logprobs.content`/`refusal` -> openai-chat; `logprobs.tokens` with
 *   `text_offset` -> openai-legacy, without -> together; no logprobs: by `object`/`text`
 * - Ollama fields (`done`, `created_at`, `response`/`message`) or `logprobs[]` beside
 *   `response`/`message` -> ollama
 * - `tokens[]` -> loupe
 * - a LiteLLM StandardLoggingPayload (`call_type` beside `response`): its `response` by the rules above
 */
export function detectFormat(payload: unknown): SourceFormat {
  if (typeof payload !== "string") return detectValue(payload);
  const { value, origin } = decodeText(payload);
  return detectValue(value, origin);
}

export function detectValue(value: unknown, origin: ListOrigin = "array"): SourceFormat {
  if (Array.isArray(value)) return detectArray(value, origin);
  if (!isRecord(value)) throw unknownFormat(`expected a JSON object or array, got ${describeValue(value)}`);
  if (isLiteLLMPayload(value)) return detectValue(value.response);
  if (value.object === "response" || (Array.isArray(value.output) && !("choices" in value))) {
    return "openai-responses";
  }
  if (isLlamaCppObject(value)) return "llamacpp";
  if (value.object === "chat.completion.chunk") return "openai-chat-stream";
  if (Array.isArray(value.choices)) return detectChoices(value, value.choices);
  const hasText = typeof value.response === "string" || isRecord(value.message);
  if (isOllamaObject(value) || (Array.isArray(value.logprobs) && hasText)) return "ollama";
  if (Array.isArray(value.tokens)) return "loupe";
  const keys = Object.keys(value).slice(0, 8).join(", ");
  throw unknownFormat(`an object with keys {${keys}}`);
}
