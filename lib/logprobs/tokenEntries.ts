/**
 * The per-token hot path for the `{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}`
 * entry shape, which OpenAI chat (`logprobs.content`), the Responses API, Ollama, llama.cpp
 * (`/completion` since 2025) and Loupe's own format all share.
 */
import { bytesOrNull, expectArray, invalid, invalidBytes, isRecord, normalizeLogprob } from "./guards";
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
  return { token, logprob, bytes, top };
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
