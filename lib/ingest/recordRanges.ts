import { BACKSLASH, BODY_LIMITS, CLOSE, OPEN, QUOTE } from "./bodyLimits";

/**
 * Where each record of a JSON batch body lies in its UTF-8 bytes, so the records can be parsed
 * and scored one at a time. JSON.parse of a whole 5 MB body keeps all of it alive until its last
 * record is scored: the young generation then copies and promotes ~40 MB of objects per body.
 * Parsed a record at a time, each record's objects die young, and the nesting scan that must run
 * before any JSON.parse doubles as the splitter.
 *
 * Only the two batch shapes take this path, `[r0, r1, …]` and `{"records": [r0, r1, …]}` (no
 * other key, the key written plainly); anything else (one record, NDJSON, escaped keys, trailing
 * text) answers null and goes through the whole-body path. The bytes between two commas of the
 * records array are one element exactly when the body is valid JSON, and when it is not, one of
 * its elements fails JSON.parse: the caller then falls back to the whole-body path, which
 * reports the error as it always did.
 */
export interface RecordRanges {
  /** Start and end (exclusive) byte offsets of each element, two numbers per element. */
  offsets: number[];
  /** The body is a bare `[…]` (not `{"records": […]}`). */
  bare: boolean;
}

const COMMA = 44;
const OPEN_ARRAY = 91; // [
const CLOSE_ARRAY = 93; // ]
const OPEN_OBJECT = 123; // {
const CLOSE_OBJECT = 125; // }
const COLON = 58;
const RECORDS_KEY = Buffer.from('"records"');

function isWhitespace(c: number | undefined): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function skipWhitespace(bytes: Uint8Array, i: number): number {
  while (isWhitespace(bytes[i])) i++;
  return i;
}

/** The offset of the records array's `[` and the depth inside it, or null for another shape. */
function openingOfRecords(bytes: Uint8Array): { at: number; depth: number } | null {
  let i = skipWhitespace(bytes, 0);
  if (bytes[i] === OPEN_ARRAY) return { at: i, depth: 1 };
  if (bytes[i] !== OPEN_OBJECT) return null;
  i = skipWhitespace(bytes, i + 1);
  for (let k = 0; k < RECORDS_KEY.length; k++) if (bytes[i + k] !== RECORDS_KEY[k]) return null;
  i = skipWhitespace(bytes, i + RECORDS_KEY.length);
  if (bytes[i] !== COLON) return null;
  i = skipWhitespace(bytes, i + 1);
  return bytes[i] === OPEN_ARRAY ? { at: i, depth: 2 } : null;
}

/**
 * The records' byte ranges, "too_deep" when brackets nest deeper than `maxDepth` inside the
 * records array, or null when the body is not one of the two batch shapes.
 */
export function recordRanges(bytes: Uint8Array, maxDepth: number = BODY_LIMITS.nestingDepth): RecordRanges | "too_deep" | null {
  const opening = openingOfRecords(bytes);
  if (!opening) return null;
  const arrayDepth = opening.depth;
  const offsets: number[] = [];
  let depth = arrayDepth;
  let start = opening.at + 1;
  let i = start;
  const length = bytes.length;
  for (; i < length; i++) {
    const c = bytes[i] as number;
    if (c === QUOTE) {
      // Inside a string: only a quote ends it, and a backslash escapes the byte after it.
      for (i++; i < length; i++) {
        const s = bytes[i] as number;
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
    } else if ((c | 32) === OPEN) {
      if (++depth > maxDepth) return "too_deep";
    } else if ((c | 32) === CLOSE) {
      if (--depth < arrayDepth) break;
    } else if (c === COMMA && depth === arrayDepth) {
      offsets.push(start, i);
      start = i + 1;
    }
  }
  if (i >= length || bytes[i] !== CLOSE_ARRAY) return null;
  // The last element, unless the array is empty (`[]`, `[ ]`).
  if (offsets.length > 0 || skipWhitespace(bytes, start) < i) offsets.push(start, i);
  let tail = skipWhitespace(bytes, i + 1);
  if (arrayDepth === 2) {
    if (bytes[tail] !== CLOSE_OBJECT) return null;
    tail = skipWhitespace(bytes, tail + 1);
  }
  return tail === length ? { offsets, bare: arrayDepth === 1 } : null;
}
