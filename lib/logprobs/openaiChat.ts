/**
 * OpenAI Chat Completions (`object: "chat.completion"`), also what llama.cpp's, vLLM's and
 * most other OpenAI-compatible servers return from `/v1/chat/completions`.
 *
 * choices[i].logprobs = { content: [{token, logprob, bytes, top_logprobs}] | null,
 *                         refusal: [...same...] | null }
 */
import {
  expectArray,
  expectRecord,
  invalid,
  isRecord,
  joinTokens,
  noLogprobs,
  optionalString,
  unixSecondsToDate,
} from "./guards";
import { readTokenEntries } from "./tokenEntries";
import type { NormalizedToken, ParsedPayload, ParsedSample, SourceFormat } from "./types";

/**
 * A bare chat `logprobs.content` (or `logprobs.refusal`) array -> tokens. Exported for data
 * sets that store only that list (e.g. uqlm's `data.logprobs`); `path` prefixes error messages.
 */
export function parseChatLogprobsContent(content: unknown, path: string): NormalizedToken[] {
  return readTokenEntries(content, path);
}

/**
 * Chooses the token list of one choice: `content`, or the `refusal` tokens when content is
 * null/absent (a refused request streams its tokens there). Null when neither is present.
 */
export function chooseChatTokens(
  content: NormalizedToken[] | null,
  refusal: NormalizedToken[] | null,
): NormalizedToken[] | null {
  if (content !== null && (content.length > 0 || refusal === null || refusal.length === 0)) {
    return content;
  }
  return refusal ?? content;
}

/** Tokens of one `choices[i].logprobs` object; null when it carries none. */
function parseChatChoiceLogprobs(value: unknown, path: string): NormalizedToken[] | null {
  if (value === undefined || value === null) return null;
  const logprobs = expectRecord(value, path);
  const content =
    logprobs.content == null
      ? null
      : parseChatLogprobsContent(logprobs.content, `${path}.content`);
  const refusal =
    logprobs.refusal == null
      ? null
      : parseChatLogprobsContent(logprobs.refusal, `${path}.refusal`);
  return chooseChatTokens(content, refusal);
}

export function readChoiceIndex(choice: Record<string, unknown>, fallback: number, path: string): number {
  const index = choice.index;
  if (index === undefined || index === null) return fallback;
  if (typeof index !== "number" || !Number.isInteger(index) || index < 0) {
    throw invalid(`${path}.index`, "a non-negative integer", index);
  }
  return index;
}

/**
 * Output text: the message content, else its refusal, else the choice's `text` (llama.cpp's
 * `/v1/completions` pairs `text` with chat-shaped logprobs), else the tokens joined.
 */
function chatOutputText(choice: Record<string, unknown>, path: string, tokens: NormalizedToken[]): string {
  if (choice.message != null) {
    const message = expectRecord(choice.message, `${path}.message`);
    const content = optionalString(message.content, `${path}.message.content`);
    if (content !== null) return content;
    const refusal = optionalString(message.refusal, `${path}.message.refusal`);
    if (refusal !== null) return refusal;
  }
  return optionalString(choice.text, `${path}.text`) ?? joinTokens(tokens);
}

export interface ChatParseResult {
  parsed: ParsedPayload;
  /** False when no choice carried logprobs (their samples then have no tokens). */
  sawLogprobs: boolean;
}

/** Parses a chat.completion without deciding whether missing logprobs are an error (vLLM reuses it). */
export function parseChatCompletion(payload: unknown, format: SourceFormat): ChatParseResult {
  const root = expectRecord(payload, "");
  const choices = expectArray(root.choices, "choices");
  const samples: ParsedSample[] = [];
  let sawLogprobs = false;
  for (let i = 0; i < choices.length; i++) {
    const path = `choices[${i}]`;
    const choice = expectRecord(choices[i], path);
    const tokens = parseChatChoiceLogprobs(choice.logprobs, `${path}.logprobs`);
    if (tokens !== null) sawLogprobs = true;
    samples.push({
      sampleIndex: readChoiceIndex(choice, i, path),
      outputText: chatOutputText(choice, path, tokens ?? []),
      finishReason: optionalString(choice.finish_reason, `${path}.finish_reason`),
      tokens: tokens ?? [],
    });
  }
  return {
    parsed: {
      format,
      providerId: optionalString(root.id, "id"),
      model: optionalString(root.model, "model"),
      createdAt: unixSecondsToDate(root.created, "created"),
      promptTokens: null,
      prompt: null,
      samples,
    },
    sawLogprobs,
  };
}

export function parseOpenAIChat(payload: unknown): ParsedPayload {
  const { parsed, sawLogprobs } = parseChatCompletion(payload, "openai-chat");
  if (!sawLogprobs) throw noLogprobs("every choices[].logprobs is null or absent");
  return parsed;
}

/** True for a `choices[].logprobs` object in the chat shape (as opposed to the legacy/Together shape). */
export function isChatLogprobsShape(logprobs: unknown): boolean {
  return isRecord(logprobs) && ("content" in logprobs || "refusal" in logprobs);
}
