/**
 * Provider payload -> ParsedPayload. `parsePayload` is the one entry point ingestion uses;
 * the per-format parsers are exported for callers that already know the format.
 */
import { assembleCompletionStream, isCompletionStream } from "./completionStream";
import { decodeText, detectValue } from "./detect";
import { unwrapLiteLLM } from "./litellm";
import { parseLlamaCpp } from "./llamacpp";
import { parseLoupe } from "./loupe";
import { parseOllama } from "./ollama";
import { parseOpenAIChat } from "./openaiChat";
import { parseOpenAILegacy } from "./openaiLegacy";
import { parseOpenAIResponses } from "./openaiResponses";
import { parseOpenAIChatStream } from "./openaiStream";
import { parseTogether } from "./together";
import { ParseError, SOURCE_FORMATS, type ParseHints, type ParsedPayload, type SourceFormat } from "./types";
import { parseVllm } from "./vllm";

export * from "./types";
export { detectFormat, decodeTextPayload } from "./detect";
export { parseChatLogprobsContent, parseOpenAIChat } from "./openaiChat";
export { parseOpenAIChatStream, parseSseEvents } from "./openaiStream";
export { parseOpenAILegacy } from "./openaiLegacy";
export { parseOpenAIResponses } from "./openaiResponses";
export { parseTogether } from "./together";
export { parseVllm } from "./vllm";
export { parseLlamaCpp } from "./llamacpp";
export { parseOllama } from "./ollama";
export { parseLoupe } from "./loupe";
export { isLiteLLMPayload, unwrapLiteLLM, type LiteLLMPayload } from "./litellm";

/** Each format's parser; the hints reach the ones that read them (vLLM's prompt_logprobs). */
const PARSERS: Record<SourceFormat, (payload: unknown, hints: ParseHints) => ParsedPayload> = {
  "openai-chat": parseOpenAIChat,
  "openai-chat-stream": parseOpenAIChatStream,
  "openai-legacy": parseOpenAILegacy,
  "openai-responses": parseOpenAIResponses,
  together: parseTogether,
  vllm: parseVllm,
  llamacpp: parseLlamaCpp,
  ollama: parseOllama,
  loupe: parseLoupe,
};

/**
 * Parses a provider payload: a JSON value, or text (JSON, NDJSON, or SSE as streamed), bare
 * or inside a LiteLLM StandardLoggingPayload.
 * The format is detected when not given. Throws ParseError: `unknown_format`,
 * `invalid_payload` (message names the offending path) or `no_logprobs`.
 */
export function parsePayload(payload: unknown, format?: SourceFormat, hints: ParseHints = {}): ParsedPayload {
  const decoded = typeof payload === "string" ? decodeText(payload) : { value: payload, origin: undefined };
  // A LiteLLM logging payload carries the provider response in `response` (./litellm.ts).
  const value = unwrapLiteLLM(decoded.value);
  const origin = value === decoded.value ? decoded.origin : undefined;
  if (format !== undefined && !(SOURCE_FORMATS as readonly string[]).includes(format)) {
    const expected = SOURCE_FORMATS.join(", ");
    throw new ParseError("unknown_format", `unknown format "${String(format)}"; expected one of ${expected}`);
  }
  // Streamed legacy completions are chunks of one response: assembled first, then read as one.
  if (origin === "sse" && Array.isArray(value) && isCompletionStream(value)) return parsePayload(assembleCompletionStream(value), format, hints);
  return PARSERS[format ?? detectValue(value, origin)](value, hints);
}
