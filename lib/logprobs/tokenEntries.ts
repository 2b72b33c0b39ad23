/**
 * The per-token hot path for the `{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}`
 * entry shape, which OpenAI chat (`logprobs.content`), the Responses API, Ollama, llama.cpp
 * (`/completion` since 2025) and Loupe's own format all share.
 */
import { bytesOrNull, expectArray, invalid, invalidBytes, isRecord, normalizeLogprob, sameBytes } from "./guards";
import type { NormalizedToken, TokenAlternative } from "./types";

export interface TokenEntryOptions {
  /** Key of the alternatives list: `top_logprobs` for providers, `top` for Loupe's format. */
  topKey: "top_logprobs" | "top";
  /** Whether a chosen token may have a null/absent logprob (Loupe's format only). */
  allowNullLogprob: boolean;
}

const PROVIDER_ENTRY: TokenEntryOptions = { topKey: "top_logprobs", allowNullLogprob: false };

/** Parses a list of token entries; `path` names the list (e.g. `choices[0].logprobs.content`). */
export function readTokenEntries(
  list: unknown,
  path: string,
  options: TokenEntryOptions = PROVIDER_ENTRY,
): NormalizedToken[] {
  const entries = expectArray(list, path);
  const tokens: NormalizedToken[] = [];
  for (let i = 0; i < entries.length; i++) {
    tokens.push(readTokenEntry(entries[i], path, i, options));
  }
  return tokens;
}

function readTokenEntry(
  entry: unknown,
  listPath: string,
  index: number,
  options: TokenEntryOptions,
): NormalizedToken {
  if (!isRecord(entry)) throw invalid(`${listPath}[${index}]`, "an object", entry);
  const token = entry.token;
  if (typeof token !== "string") throw invalid(`${listPath}[${index}].token`, "a string", token);

  const rawLogprob = entry.logprob;
  let logprob: number | null;
  if (typeof rawLogprob === "number") {
    logprob = normalizeLogprob(rawLogprob);
  } else if (options.allowNullLogprob && (rawLogprob === null || rawLogprob === undefined)) {
    logprob = null;
  } else {
    throw invalid(`${listPath}[${index}].logprob`, "a number", rawLogprob);
  }

  const bytes = bytesOrNull(entry.bytes);
  if (bytes === undefined) throw invalidBytes(entry.bytes, `${listPath}[${index}].bytes`);
  // Static property reads keep this load monomorphic (a computed key would not).
  const rawTop = options.topKey === "top_logprobs" ? entry.top_logprobs : entry.top;
  const top = readAlternatives(rawTop, listPath, index, options.topKey);
  if (top.length > 0) alignChosenAlternative(token, bytes, entry.id, top, rawTop as unknown[]);
  return { token, logprob, bytes, top };
}


/** `id` of the raw alternative j, when the provider sent one. */
function rawId(rawTop: readonly unknown[], j: number): unknown {
  const alt = rawTop[j];
  return isRecord(alt) ? alt.id : undefined;
}

/**
 * The index of the chosen token among its alternatives, or -1: by token id when the provider
 * sends ids, else by bytes, else by text.
 */
export function chosenAlternativeIndex(
  token: string,
  bytes: readonly number[] | null,
  id: unknown,
  top: readonly TokenAlternative[],
  rawTop: readonly unknown[],
): number {
  if (typeof id === "number" && rawTop.some((_, j) => typeof rawId(rawTop, j) === "number")) {
    return rawTop.findIndex((_, j) => rawId(rawTop, j) === id);
  }
  if (bytes !== null && top.some((alt) => alt.bytes !== null)) {
    return top.findIndex((alt) => alt.bytes !== null && sameBytes(alt.bytes, bytes));
  }
  return top.findIndex((alt) => alt.token === token);
}

/**
 * Lists the alternative that is the chosen token (see chosenAlternativeIndex) exactly as the
 * chosen token, text and bytes: the metrics and the token view find the chosen token among its
 * alternatives by what it reads. llama.cpp lists a chosen " щ" (bytes [32,209,137]) in its own
 * top list as "�" (bytes [137]: the same id and logprob, printed without the pending bytes of
 * the tokens before); matched by text it would be counted a second time, as a sixth candidate.
 */
export function alignChosenAlternative(
  token: string,
  bytes: number[] | null,
  id: unknown,
  top: TokenAlternative[],
  rawTop: readonly unknown[],
): void {
  const j = chosenAlternativeIndex(token, bytes, id, top, rawTop);
  const alt = top[j];
  if (alt === undefined || (alt.token === token && (alt.bytes === null || bytes === null || sameBytes(alt.bytes, bytes)))) return;
  top[j] = { token, logprob: alt.logprob, bytes: bytes ?? alt.bytes };
}

function readAlternatives(
  value: unknown,
  listPath: string,
  index: number,
  topKey: string,
): TokenAlternative[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw invalid(`${listPath}[${index}].${topKey}`, "an array or null", value);
  }
  const alternatives: TokenAlternative[] = [];
  for (let j = 0; j < value.length; j++) {
    const alt: unknown = value[j];
    if (!isRecord(alt)) throw invalid(altPath(listPath, index, topKey, j), "an object", alt);
    const token = alt.token;
    if (typeof token !== "string") {
      throw invalid(`${altPath(listPath, index, topKey, j)}.token`, "a string", token);
    }
    const logprob = alt.logprob;
    if (typeof logprob !== "number") {
      throw invalid(`${altPath(listPath, index, topKey, j)}.logprob`, "a number", logprob);
    }
    const bytes = bytesOrNull(alt.bytes);
    if (bytes === undefined) throw invalidBytes(alt.bytes, `${altPath(listPath, index, topKey, j)}.bytes`);
    alternatives.push({ token, logprob: normalizeLogprob(logprob), bytes });
  }
  return alternatives;
}

function altPath(listPath: string, index: number, topKey: string, j: number): string {
  return `${listPath}[${index}].${topKey}[${j}]`;
}
