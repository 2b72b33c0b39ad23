/**
 * Hand-written type checks shared by the format parsers.
 *
 * Why not zod: these run once per token and per alternative, and ingestion should cost
 * little beyond JSON.parse. Error paths (`choices[0].logprobs.content[3].logprob`) are
 * only built when a check fails, never on the happy path.
 */
import { ParseError } from "./types";

export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Short description of a JSON value for error messages (`string "abc"`, `an array`, `null`). */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing (missing)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  const shown = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown}`;
}

/** `choices[0].logprob must be a number, got string "x"`; pass `got` to name what was found. */
export function invalid(path: string, expected: string, ...got: [] | [unknown]): ParseError {
  const where = path === "" ? "payload" : path;
  const suffix = got.length === 1 ? `, got ${describeValue(got[0])}` : "";
  return new ParseError("invalid_payload", `${where} must be ${expected}${suffix}`);
}

export function expectRecord(value: unknown, path: string): JsonObject {
  if (!isRecord(value)) throw invalid(path, "an object", value);
  return value;
}

export function expectArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(path, "an array", value);
  return value;
}

/** A string field that may be absent or null. */
export function optionalString(value: unknown, path: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw invalid(path, "a string or null", value);
  return value;
}

/** vLLM (and OpenAI, for very unlikely tokens) write -9999.0 for log(0); llama.cpp writes -FLT_MAX. */
const LOG_ZERO_STANDIN = -9999;

/** Provider logprob -> normalized logprob: stand-ins for log(0) become -Infinity. */
export function normalizeLogprob(logprob: number): number {
  return logprob <= LOG_ZERO_STANDIN ? -Infinity : logprob;
}

/** Linear probability (llama.cpp `post_sampling_probs`) -> natural log; prob 0 -> -Infinity. */
export function probToLogprob(prob: number): number {
  return prob <= 0 ? -Infinity : Math.log(prob);
}

/**
 * Token bytes as given (UTF-8 ints 0..255), null when absent, undefined when malformed (the
 * caller then throws `invalidBytes` with its path: no path string is built on the happy path).
 * The provider's array is kept, not copied: the payload is ours after JSON.parse.
 */
export function bytesOrNull(value: unknown): number[] | null | undefined {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) return undefined;
  for (let i = 0; i < value.length; i++) {
    const byte: unknown = value[i];
    // `(b & 255) === b` holds exactly for the integers 0..255.
    if (typeof byte !== "number" || (byte & 255) !== byte) return undefined;
  }
  return value as number[];
}

export function invalidBytes(value: unknown, path: string): ParseError {
  if (!Array.isArray(value)) return invalid(path, "an array of byte values or null", value);
  const at = value.findIndex((byte: unknown) => typeof byte !== "number" || (byte & 255) !== byte);
  return invalid(`${path}[${at}]`, "an integer from 0 to 255", value[at]);
}

/** Unix seconds (OpenAI `created`, Responses `created_at`) -> Date. */
export function unixSecondsToDate(value: unknown, path: string): Date | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw invalid(path, "a unix timestamp in seconds", value);
  }
  return new Date(value * 1000);
}

/** ISO-8601 string (Ollama `created_at`) -> Date. */
export function isoToDate(value: unknown, path: string): Date | null {
  if (value === undefined || value === null) return null;
  const date = typeof value === "string" ? new Date(value) : null;
  if (date === null || Number.isNaN(date.getTime())) {
    throw invalid(path, "an ISO-8601 date string", value);
  }
  return date;
}

/** Concatenated token text, for payloads that carry no output text of their own. */
export function joinTokens(tokens: readonly { token: string }[]): string {
  let text = "";
  for (const t of tokens) text += t.token;
  return text;
}

/** The payload is well-formed but carries no logprobs (the request did not ask for them). */
export function noLogprobs(where: string): ParseError {
  return new ParseError(
    "no_logprobs",
    `payload has no logprobs: ${where} (was the request sent with logprobs enabled?)`,
  );
}

const ESCAPED_BYTES = /^bytes?: ?((?:\\x[0-9a-fA-F]{2})+)$/;
const byteDecoder = new TextDecoder("utf-8", { fatal: false });

/**
 * A token some formats write as its raw bytes because they are not whole UTF-8 (part of a
 * multi-byte character): OpenAI's legacy completions `"bytes:\\xe6\\x97"`, pre-2025 llama.cpp
 * `"byte: \\x89"`. As the chat formats carry it: the text those bytes decode to (U+FFFD for the
 * partial character) and the bytes themselves, so the token view and the glitch check can join
 * them with the next tokens' bytes. Null for any other token text.
 */
export function escapedBytesToken(text: string): { token: string; bytes: number[] } | null {
  const match = ESCAPED_BYTES.exec(text);
  if (!match?.[1]) return null;
  const bytes: number[] = [];
  for (let i = 0; i < match[1].length; i += 4) bytes.push(parseInt(match[1].slice(i + 2, i + 4), 16));
  return { token: byteDecoder.decode(new Uint8Array(bytes)), bytes };
}

/** Two byte lists with the same bytes. */
export function sameBytes(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
