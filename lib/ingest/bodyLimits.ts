import { ApiError } from "@/lib/api/errors";
import { env } from "@/lib/config/env";
import { looksLikeSse } from "@/lib/logprobs/openaiStream";
import { isEnvelope } from "./envelope";

/**
 * Per-body limits, so one hostile request cannot exhaust memory or the stack; per-record
 * limits live in RECORD_LIMITS (prepare.ts). The body's total size is capped earlier, while
 * it streams in (LOUPE_MAX_BODY_BYTES, readBody.ts).
 */
export const BODY_LIMITS = {
  /** Records in one body: JSON array / `{records}` elements, or non-blank NDJSON lines. */
  recordsPerBody: 10_000,
  /** UTF-8 bytes in one NDJSON line (4 MiB). */
  lineBytes: 4 * 1024 * 1024,
  /**
   * Nesting of `[`/`{`. Provider payloads nest 10 levels at most (12 as an envelope in a
   * `{records}` batch); the rest leaves room for deep request params such as tool schemas.
   */
  nestingDepth: 64,
} as const;

/** Bytes the nesting scans look for (here and in recordRanges.ts). */
export const QUOTE = 34; // "
export const BACKSLASH = 92; // \
// `c | 32` folds `[` (91) onto `{` (123) and `]` (93) onto `}` (125): one test per bracket pair.
export const OPEN = 123;
export const CLOSE = 125;

/**
 * The scan reads UTF-8 bytes, not char codes: TextEncoder.encodeInto is nearly free (~0.3 ms
 * for 5 MB) and a Uint8Array loop runs ~2.5x faster than charCodeAt, which also slows down
 * once it has seen both one- and two-byte strings. UTF-8 never encodes a non-ASCII character
 * with ASCII bytes, so the brackets and quotes found are exactly the text's. Text is encoded
 * a chunk at a time into one scratch buffer (3 bytes per UTF-16 unit at most).
 */
export const SCAN_CHUNK_CHARS = 1 << 16;
const encoder = new TextEncoder();
let scratch: Uint8Array | undefined;

/**
 * Walks `text[start, end)` counting bracket depth outside JSON strings (escapes skipped),
 * starting from `depth`; returns the depth at `end`, or `maxDepth + 1` as soon as it passes
 * `maxDepth`. Exact for valid JSON; for invalid JSON any answer will do, JSON.parse refuses
 * it anyway. One pass, no allocation beyond the chunk slices: it runs before every JSON.parse.
 */
function scanDepth(text: string, start: number, end: number, depth: number, maxDepth: number): number {
  const bytes = (scratch ??= new Uint8Array(SCAN_CHUNK_CHARS * 3));
  let inString = false;
  let escaped = false; // a chunk ended on a backslash inside a string
  for (let from = start; from < end; from += SCAN_CHUNK_CHARS) {
    const length = encoder.encodeInto(text.slice(from, Math.min(end, from + SCAN_CHUNK_CHARS)), bytes).written;
    let i: number = escaped ? 1 : 0;
    for (; i < length; i++) {
      const c = bytes[i] as number;
      if (inString) {
        if (c === BACKSLASH) i++;
        else if (c === QUOTE) inString = false;
      } else if (c === QUOTE) {
        inString = true;
      } else if ((c | 32) === OPEN) {
        if (++depth > maxDepth) return depth;
      } else if ((c | 32) === CLOSE) {
        depth--;
      }
    }
    escaped = i > length;
  }
  return depth;
}

/** True when JSON text nests brackets deeper than `maxDepth`, checked before JSON.parse. */
export function jsonTooDeep(text: string, maxDepth: number = BODY_LIMITS.nestingDepth): boolean {
  return scanDepth(text, 0, text.length, 0, maxDepth) > maxDepth;
}

/**
 * The same for SSE text, read as parseSseEvents reads it: only `data:` lines count, the
 * lines of one event join into one JSON document, and a blank line ends the event.
 */
export function sseTooDeep(text: string, maxDepth: number = BODY_LIMITS.nestingDepth): boolean {
  let depth = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === "") depth = 0;
    else if (line.startsWith("data:")) {
      depth = scanDepth(line, 5, line.length, depth, maxDepth);
      if (depth > maxDepth) return true;
    }
  }
  return false;
}

/** A text payload (one record given as text): SSE by its events, anything else as JSON/NDJSON text. */
export function textPayloadTooDeep(text: string, maxDepth: number = BODY_LIMITS.nestingDepth): boolean {
  return looksLikeSse(text) ? sseTooDeep(text, maxDepth) : jsonTooDeep(text, maxDepth);
}

/**
 * A record given as text (a string, or an envelope whose `response` is one) is JSON.parsed
 * later, by parsePayload, out of sight of the body's scan: same limit.
 */
export function embeddedTextTooDeep(record: unknown): boolean {
  const text = typeof record === "string" ? record : isEnvelope(record) && typeof record.response === "string" ? record.response : null;
  return text !== null && textPayloadTooDeep(text);
}

/** True when `line` takes more than `maxBytes` in UTF-8, without encoding it when the length decides. */
export function lineTooLong(line: string, maxBytes: number = BODY_LIMITS.lineBytes): boolean {
  // A UTF-16 code unit takes 1 to 3 UTF-8 bytes (a surrogate pair, 2 units, takes 4).
  if (line.length > maxBytes) return true;
  if (line.length * 3 <= maxBytes) return false;
  return Buffer.byteLength(line, "utf8") > maxBytes;
}

export const TOO_DEEP_MESSAGE = `JSON nests deeper than ${BODY_LIMITS.nestingDepth} levels`;
export const LINE_TOO_LONG_MESSAGE = `line is longer than ${BODY_LIMITS.lineBytes} bytes`;

/**
 * Per-record caps on the envelope's free-form fields, from the environment (README, "Limits").
 * Every list and detail read used to parse these, so a 20 MB metadata of 1.15 M keys slowed
 * every reader; defaults sit far above what a real request carries.
 */
export function recordFieldLimits() {
  const e = env();
  return {
    metadataBytes: e.LOUPE_RECORD_METADATA_BYTES,
    metadataKeys: e.LOUPE_RECORD_METADATA_KEYS,
    messagesBytes: e.LOUPE_RECORD_MESSAGES_BYTES,
    messagesKeys: e.LOUPE_RECORD_MESSAGES_KEYS,
    paramsBytes: e.LOUPE_RECORD_PARAMS_BYTES,
    paramsKeys: e.LOUPE_RECORD_PARAMS_KEYS,
    tagsPerRecord: e.LOUPE_RECORD_TAGS,
    tagChars: e.LOUPE_RECORD_TAG_CHARS,
  };
}

/** Object keys anywhere inside `value` (arrays count their elements' keys), stopping once past `max`. */
export function countKeys(value: unknown, max: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= max) {
    const current = stack.pop();
    if (typeof current !== "object" || current === null) continue;
    if (Array.isArray(current)) {
      for (const item of current) stack.push(item);
      continue;
    }
    for (const key of Object.keys(current)) {
      count++;
      stack.push((current as Record<string, unknown>)[key]);
    }
  }
  return count;
}

/**
 * Why the free-form field `name` of a record is over its caps, or null when it is within
 * them. Keys are counted first: that walk stops early, where measuring bytes would not.
 */
export function fieldOverLimit(name: string, value: unknown, maxBytes: number, maxKeys: number): string | null {
  if (value === undefined || value === null) return null;
  if (countKeys(value, maxKeys) > maxKeys) return `${name}: more than ${maxKeys} keys`;
  const bytes = Buffer.byteLength(JSON.stringify(value), "utf8");
  return bytes > maxBytes ? `${name}: ${bytes} bytes as JSON, over the limit of ${maxBytes}` : null;
}

/** 400 `too_deep`: refuses a body before JSON.parse. */
export function assertNotTooDeep(text: string, tooDeep: (text: string) => boolean = jsonTooDeep): void {
  if (tooDeep(text)) throw bodyTooDeep();
}

export function bodyTooDeep(): ApiError {
  return new ApiError(400, "too_deep", `body ${TOO_DEEP_MESSAGE}`);
}

/** 413 `too_many_records`: the whole body is refused, nothing is parsed or stored. */
export function assertRecordCount(count: number): void {
  if (count > BODY_LIMITS.recordsPerBody) {
    throw new ApiError(
      413,
      "too_many_records",
      `body holds more than ${BODY_LIMITS.recordsPerBody} records; split it into several requests`,
    );
  }
}
