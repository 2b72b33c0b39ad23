/**
 * llama.cpp server native `/completion` response (`n_probs` > 0). Three generations of
 * `completion_probabilities[]` entries exist:
 * - current: {id, token, bytes, logprob, top_logprobs: [{id, token, bytes, logprob}]}
 * - `post_sampling_probs: true`: {id, token, bytes, prob, top_probs: [{id, token, bytes, prob}]},
 *   linear probabilities, converted here with log (prob 0 -> -Infinity)
 * - before 2025: {content, probs: [{tok_str, prob}]}; the chosen token is `content` and its
 *   probability is the matching `tok_str` entry's (null when it is not among the probs)
 * A stream (`stream: true`, SSE events of the same shape) is assembled into one response.
 * llama.cpp's OpenAI-compatible `/v1/chat/completions` is parsed by the chat parser instead.
 */
import {
  bytesOrNull,
  expectArray,
  expectRecord,
  invalid,
  invalidBytes,
  isRecord,
  joinTokens,
  noLogprobs,
  optionalString,
  probToLogprob,
  type JsonObject,
  escapedBytesToken,
  sameBytes,
} from "./guards";
import { alignChosenAlternative, readTokenEntries } from "./tokenEntries";
import type { NormalizedToken, ParsedPayload, TokenAlternative } from "./types";

/** Linear probability -> logprob; NaN when the value is not a probability (caller throws with its path). */
function probLogprob(value: unknown): number {
  // A little slack above 1: the server sums float32 softmax outputs.
  if (typeof value !== "number" || !(value >= 0 && value <= 1.0001)) return NaN;
  return probToLogprob(Math.min(value, 1));
}

function invalidProb(path: string, value: unknown) {
  return invalid(path, "a probability from 0 to 1", value);
}

/**
 * `top_probs` (current) or `probs` (pre-2025) of entry `index` in the list at `listPath`.
 * Paths are built only on error.
 */
function readProbAlternatives(
  value: unknown,
  listPath: string,
  index: number,
  tokenKey: "token" | "tok_str",
): TokenAlternative[] {
  if (value === undefined || value === null) return [];
  const key = tokenKey === "token" ? "top_probs" : "probs";
  const at = (suffix: string) => `${listPath}[${index}].${key}${suffix}`;
  if (!Array.isArray(value)) throw invalid(at(""), "an array or null", value);
  const list: unknown[] = value;
  const alternatives: TokenAlternative[] = [];
  for (let j = 0; j < list.length; j++) {
    const alt = list[j];
    if (!isRecord(alt)) throw invalid(at(`[${j}]`), "an object", alt);
    const token = tokenKey === "token" ? alt.token : alt.tok_str;
    if (typeof token !== "string") throw invalid(at(`[${j}].${tokenKey}`), "a string", token);
    const logprob = probLogprob(alt.prob);
    if (Number.isNaN(logprob)) throw invalidProb(at(`[${j}].prob`), alt.prob);
    const bytes = tokenKey === "token" ? bytesOrNull(alt.bytes) : null;
    if (bytes === undefined) throw invalidBytes(alt.bytes, at(`[${j}].bytes`));
    // The pre-2025 shape writes a partial character as `byte: \x89`.
    const escaped = tokenKey === "tok_str" ? escapedBytesToken(token) : null;
    alternatives.push(escaped ? { ...escaped, logprob } : { token, logprob, bytes });
  }
  return alternatives;
}

/** `post_sampling_probs` entries: {id, token, bytes, prob, top_probs}. */
function readPostSamplingEntries(list: unknown[], path: string): NormalizedToken[] {
  const tokens: NormalizedToken[] = [];
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    if (!isRecord(entry)) throw invalid(`${path}[${i}]`, "an object", entry);
    const token = entry.token;
    if (typeof token !== "string") throw invalid(`${path}[${i}].token`, "a string", token);
    const logprob = probLogprob(entry.prob);
    if (Number.isNaN(logprob)) throw invalidProb(`${path}[${i}].prob`, entry.prob);
    const bytes = bytesOrNull(entry.bytes);
    if (bytes === undefined) throw invalidBytes(entry.bytes, `${path}[${i}].bytes`);
    const top = readProbAlternatives(entry.top_probs, path, i, "token");
    if (top.length > 0) alignChosenAlternative(token, bytes, entry.id, top, entry.top_probs as unknown[]);
    tokens.push({ token, logprob, bytes, top });
  }
  return tokens;
}

/** Pre-2025 entries: {content, probs: [{tok_str, prob}]}. */
function readContentProbsEntries(list: unknown[], path: string): NormalizedToken[] {
  const tokens: NormalizedToken[] = [];
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    if (!isRecord(entry)) throw invalid(`${path}[${i}]`, "an object", entry);
    const content = entry.content;
    if (typeof content !== "string") throw invalid(`${path}[${i}].content`, "a string", content);
    const { token, bytes } = escapedBytesToken(content) ?? { token: content, bytes: null };
    const top = readProbAlternatives(entry.probs, path, i, "tok_str");
    const chosen = top.find((alt) => alt.token === token && (bytes === null || (alt.bytes !== null && sameBytes(alt.bytes, bytes))));
    tokens.push({ token, logprob: chosen === undefined ? null : chosen.logprob, bytes, top });
  }
  return tokens;
}

function readCompletionProbabilities(value: unknown, path: string): NormalizedToken[] {
  const list = expectArray(value, path);
  const first = list[0];
  if (first === undefined) return [];
  if (!isRecord(first)) throw invalid(`${path}[0]`, "an object", first);
  if ("logprob" in first || "top_logprobs" in first) return readTokenEntries(list, path);
  if ("prob" in first || "top_probs" in first) return readPostSamplingEntries(list, path);
  if ("probs" in first || "content" in first) return readContentProbsEntries(list, path);
  throw invalid(`${path}[0]`, "an object with logprob/top_logprobs, prob/top_probs or content/probs");
}

/**
 * Finish reason in OpenAI terms, the mapping llama.cpp's own OpenAI-compatible layer uses:
 * stop_type "eos"/"word" -> "stop", "limit" -> "length" (older: stopped_eos/_word/_limit).
 */
function llamaFinishReason(root: JsonObject): string | null {
  const stopType = optionalString(root.stop_type, "stop_type");
  if (stopType === "eos" || stopType === "word") return "stop";
  if (stopType === "limit") return "length";
  if (stopType !== null) return stopType === "none" ? null : stopType;
  if (root.stopped_eos === true || root.stopped_word === true) return "stop";
  if (root.stopped_limit === true) return "length";
  return null;
}

/** Whether `more` starts with every token of `seen`, text and logprob alike (a final event's repeat). */
function repeatsTokens(more: readonly NormalizedToken[], seen: readonly NormalizedToken[]): boolean {
  if (seen.length === 0 || more.length < seen.length) return false;
  return seen.every((token, i) => more[i]?.token === token.token && Object.is(more[i]?.logprob, token.logprob));
}

/**
 * One `/completion` response, or its stream (the array of SSE events, each with the
 * `completion_probabilities` of the tokens it adds), assembled like the OpenAI streams: per
 * `index` (one per completion of `n` / several prompts), contents and tokens are concatenated
 * and the finish reason comes from the final event.
 */
export function parseLlamaCpp(payload: unknown): ParsedPayload {
  const streamed = Array.isArray(payload);
  const events: unknown[] = streamed ? payload : [expectRecord(payload, "")];
  // One per `index`: with `n` (`n_cmpl`) or several prompts, a stream interleaves the events of
  // each completion; each becomes its own sample, in index order.
  const byIndex = new Map<number, { tokens: NormalizedToken[]; content: string | null; finishReason: string | null; probabilities: boolean }>();
  let sawProbabilities = false;
  let model: string | null = null;
  let prompt: string | null = null;
  for (let i = 0; i < events.length; i++) {
    const prefix = streamed ? `events[${i}].` : "";
    const root = expectRecord(events[i], streamed ? `events[${i}]` : "");
    const index = typeof root.index === "number" && Number.isInteger(root.index) && root.index >= 0 ? root.index : 0;
    let sample = byIndex.get(index);
    if (!sample) byIndex.set(index, (sample = { tokens: [], content: null, finishReason: null, probabilities: false }));
    if (root.completion_probabilities != null) {
      sawProbabilities = true;
      sample.probabilities = true;
      const more = readCompletionProbabilities(root.completion_probabilities, `${prefix}completion_probabilities`);
      // Servers before 2025 repeat every generated token's probabilities in the final (`stop`)
      // event of a stream: what the earlier events already gave is not counted again.
      const repeated = streamed && i > 0 && root.stop === true && repeatsTokens(more, sample.tokens) ? sample.tokens.length : 0;
      for (let j = repeated; j < more.length; j++) sample.tokens.push(more[j] as NormalizedToken);
    }
    const text = optionalString(root.content, `${prefix}content`);
    if (text !== null) sample.content = (sample.content ?? "") + text;
    model ||= optionalString(root.model, `${prefix}model`);
    // `prompt` may also be token ids; only text is kept.
    if (prompt === null && typeof root.prompt === "string") prompt = root.prompt;
    sample.finishReason = llamaFinishReason(root) ?? sample.finishReason;
  }
  if (!sawProbabilities) {
    throw noLogprobs("completion_probabilities is absent (request with n_probs > 0)");
  }
  return {
    format: "llamacpp",
    providerId: null,
    model,
    createdAt: null,
    promptTokens: null,
    prompt,
    samples: [...byIndex.entries()]
      .filter(([, sample]) => sample.probabilities || sample.content !== null)
      .sort(([a], [b]) => a - b)
      .map(([sampleIndex, sample]) => ({ sampleIndex, outputText: sample.content ?? joinTokens(sample.tokens), finishReason: sample.finishReason, tokens: sample.tokens })),
  };
}

/** True for a `/completion` response object or one event of its stream. */
export function isLlamaCppObject(value: JsonObject): boolean {
  return "completion_probabilities" in value || "generation_settings" in value || "tokens_predicted" in value;
}
