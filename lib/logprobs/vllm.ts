/**
 * vLLM's OpenAI-compatible server: the chat or legacy completion shape, plus vLLM extras:
 * `prompt_logprobs` (top level for chat, `choices[0]` for completions), `stop_reason` on
 * choices, `kv_transfer_params`, and -9999.0 as its stand-in for log(0) (-> -Infinity,
 * handled for every format in `normalizeLogprob`).
 *
 * prompt_logprobs = [null, {"<token id>": {logprob, rank, decoded_token}, ...}, ...]:
 * one dict per prompt position (the first position has no logprob), holding the top-k
 * tokens plus the actual prompt token (so k or k+1 entries).
 */
import {
  expectArray,
  expectRecord,
  invalid,
  isRecord,
  noLogprobs,
  normalizeLogprob,
  type JsonObject,
} from "./guards";
import { parseChatCompletion } from "./openaiChat";
import { parseTextCompletion } from "./openaiLegacy";
import type { NormalizedToken, ParseHints, ParsedPayload, TokenAlternative } from "./types";

/** Keys only vLLM adds to the OpenAI shapes (present even when null). */
export function hasVllmMarkers(root: JsonObject): boolean {
  if ("prompt_logprobs" in root || "kv_transfer_params" in root) return true;
  const first: unknown = Array.isArray(root.choices) ? root.choices[0] : undefined;
  return isRecord(first) && ("prompt_logprobs" in first || "stop_reason" in first);
}

interface RankedEntry extends TokenAlternative {
  id: string;
  rank: number;
}

/** Position `index` of the prompt_logprobs list at `listPath`; paths are built only on error. */
function readPosition(value: unknown, listPath: string, index: number): RankedEntry[] {
  if (!isRecord(value)) throw invalid(`${listPath}[${index}]`, "an object or null", value);
  const at = (id: string, field: string) => `${listPath}[${index}][${JSON.stringify(id)}]${field}`;
  const entries: RankedEntry[] = [];
  for (const id in value) {
    const entry = value[id];
    if (!isRecord(entry)) throw invalid(at(id, ""), "an object", entry);
    const { logprob, rank, decoded_token: decoded } = entry;
    if (typeof logprob !== "number") throw invalid(at(id, ".logprob"), "a number", logprob);
    if (typeof rank !== "number") throw invalid(at(id, ".rank"), "a number", rank);
    if (decoded != null && typeof decoded !== "string") {
      throw invalid(at(id, ".decoded_token"), "a string or null", decoded);
    }
    // vLLM's own spelling for a token it could not decode (`return_tokens_as_token_ids`).
    const token = typeof decoded === "string" ? decoded : `token_id:${id}`;
    entries.push({ id, rank, token, logprob: normalizeLogprob(logprob), bytes: null });
  }
  if (entries.length === 0) {
    throw invalid(`${listPath}[${index}]`, "a non-empty object of {token id: logprob entry}");
  }
  return entries.sort((a, b) => a.rank - b.rank);
}

/**
 * Which entry of a position is the actual prompt token. vLLM inserts it first, but JSON.parse
 * orders integer-like keys numerically, so that order is lost. Rules, in order:
 * 1. `prompt_token_ids` in the payload (vLLM `return_token_ids`): the entry keyed by that id.
 * 2. A position with more entries than the smallest position (k+1 vs k), or whose largest rank
 *    exceeds its entry count: the prompt token is outside the top-k, so it is the highest rank.
 * 3. Otherwise the prompt token is inside the top-k and cannot be told apart: take rank 1
 *    (exact for prompt_logprobs=0 or 1 and for tokens outside the top-k; a guess otherwise).
 */
function pickPromptEntry(entries: RankedEntry[], k: number, promptTokenId: string | null): RankedEntry {
  if (promptTokenId !== null) {
    const byId = entries.find((entry) => entry.id === promptTokenId);
    if (byId !== undefined) return byId;
  }
  const last = entries[entries.length - 1] as RankedEntry;
  if (entries.length > k || last.rank > entries.length) return last;
  return entries[0] as RankedEntry;
}

function readPromptTokenIds(root: JsonObject, first: unknown): unknown[] | null {
  if (Array.isArray(root.prompt_token_ids)) return root.prompt_token_ids;
  if (isRecord(first) && Array.isArray(first.prompt_token_ids)) return first.prompt_token_ids;
  return null;
}

/** `prompt_logprobs` -> prompt tokens. A null position (the first) becomes `{token: "", logprob: null}`. */
export function parsePromptLogprobs(
  value: unknown,
  path: string,
  promptTokenIds: unknown[] | null,
  requestedK?: number,
): NormalizedToken[] {
  const positions = expectArray(value, path);
  const ranked: (RankedEntry[] | null)[] = [];
  // The request's `prompt_logprobs` is k itself; without it, the smallest position's count.
  let k = Infinity;
  for (let i = 0; i < positions.length; i++) {
    const position = positions[i];
    if (position === null || position === undefined) {
      ranked.push(null);
      continue;
    }
    const entries = readPosition(position, path, i);
    k = Math.min(k, entries.length);
    ranked.push(entries);
  }
  if (requestedK !== undefined) k = requestedK;
  const tokens: NormalizedToken[] = [];
  for (let i = 0; i < ranked.length; i++) {
    const entries = ranked[i];
    if (entries === null || entries === undefined) {
      // vLLM gives no logprob (and no text) for the first prompt token; keep the position.
      tokens.push({ token: "", logprob: null, bytes: null, top: [] });
      continue;
    }
    const id = promptTokenIds?.[i];
    const chosen = pickPromptEntry(entries, k, typeof id === "number" ? String(id) : null);
    const top = entries.map(({ token, logprob, bytes }) => ({ token, logprob, bytes }));
    tokens.push({ token: chosen.token, logprob: chosen.logprob, bytes: null, top });
  }
  return tokens;
}

export function parseVllm(payload: unknown, hints: ParseHints = {}): ParsedPayload {
  const root = expectRecord(payload, "");
  const choices = expectArray(root.choices, "choices");
  const first: unknown = choices[0];
  const isCompletion = isRecord(first) && !("message" in first) && "text" in first;
  const { parsed, sawLogprobs } = isCompletion
    ? parseTextCompletion(root, "vllm")
    : parseChatCompletion(root, "vllm");

  const promptIds = readPromptTokenIds(root, first);
  if (root.prompt_logprobs != null) {
    parsed.promptTokens = parsePromptLogprobs(root.prompt_logprobs, "prompt_logprobs", promptIds, hints.promptLogprobs);
  } else if (isRecord(first) && first.prompt_logprobs != null) {
    parsed.promptTokens = parsePromptLogprobs(first.prompt_logprobs, "choices[0].prompt_logprobs", promptIds, hints.promptLogprobs);
  }
  // Prompt scoring (max_tokens=1, prompt_logprobs only) is a normal vLLM use: not an error.
  if (!sawLogprobs && parsed.promptTokens === null) {
    throw noLogprobs("choices[].logprobs and prompt_logprobs are null or absent");
  }
  return parsed;
}
