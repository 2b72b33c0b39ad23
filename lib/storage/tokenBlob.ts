import { brotliCompressSync, brotliDecompressSync, constants as zlib, inflateRawSync } from "node:zlib";
import type { NormalizedToken, TokenAlternative } from "@/lib/logprobs/types";

/**
 * Compact, lossless token storage: one blob per response (and one for prompt tokens).
 *
 * Layout before compression, all integers LEB128 varints:
 *   version | tokenCount | dictSize | dict entries | token records | float32 stream
 * - dict entry: utf8 length, utf8 text, raw-bytes length + 1 (0 = bytes absent; 1 = same as
 *   the UTF-8 of the text, stored implicitly; n+2 = n explicit bytes follow)
 * - token record: dict index of the chosen token, k, chosenRank (0 = chosen logprob is in the
 *   float stream, r > 0 = identical to alternative r-1), k dict indices
 * - float32 stream: per token [chosen logprob if rank 0] then k alternative logprobs;
 *   NaN encodes a null logprob. Bytes are shuffled (all byte 0s, then byte 1s, ...) so the
 *   exponent bytes of similar values compress together.
 * Tokens repeat heavily across alternatives, so the dictionary does most of the work; see
 * bench/ingest.ts and bench/scale.ts for bytes per token.
 *
 * Compression, told apart by the first byte of the blob:
 * - v2 (written): BROTLI_MARKER, then Brotli (quality 5, 64 KiB window) of the layout with
 *   version 2. 41.5 bytes/token on bench/openaiPayloads.ts at top-5 against DEFLATE's 45.0, for
 *   ~0.05 ms more per 200-token response to encode and ~0.02 ms to decode.
 * - v1 (read only: every database written before): raw DEFLATE of the layout with version 1.
 *   0xFE can never start a raw DEFLATE stream: its bits 1-2 are BTYPE 11, which RFC 1951 reserves.
 */
const LAYOUT_VERSION = 2;
const V1_LAYOUT_VERSION = 1;
export const BROTLI_MARKER = 0xfe;
const BROTLI_QUALITY = 5;
const BROTLI_WINDOW_BITS = 16;
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { fatal: false });

class ByteWriter {
  private buffer = new Uint8Array(4096);
  length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }

  varint(value: number): void {
    this.ensure(5);
    let v = value >>> 0;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buffer[this.length++] = v;
  }

  /** Writes a length-prefixed UTF-8 string. */
  utf8(text: string): void {
    // Short token texts: at most 3 bytes per UTF-16 unit, so a 1-byte length prefix suffices
    // when text.length < 43; encodeInto then writes straight into the buffer (no Buffer per call).
    if (text.length < 43) {
      this.ensure(1 + text.length * 3);
      const start = this.length + 1;
      let at = start;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code >= 0x80) {
          at = -1;
          break;
        }
        this.buffer[at++] = code;
      }
      // ASCII (most tokens) is copied above; anything else is encoded natively.
      const written = at >= 0 ? at - start : textEncoder.encodeInto(text, this.buffer.subarray(start)).written;
      this.buffer[this.length] = written;
      this.length = start + written;
      return;
    }
    const encoded = textEncoder.encode(text);
    this.varint(encoded.length);
    this.bytes(encoded);
  }

  bytes(data: ArrayLike<number>): void {
    this.ensure(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  result(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

class ByteReader {
  offset = 0;
  constructor(private readonly buffer: Uint8Array) {}

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.buffer[this.offset++];
      if (byte === undefined) throw new Error("token blob truncated");
      result |= (byte & 0x7f) << shift;
      if (byte < 0x80) return result >>> 0;
      shift += 7;
    }
  }

  bytes(length: number): Uint8Array {
    const out = this.buffer.subarray(this.offset, this.offset + length);
    if (out.length !== length) throw new Error("token blob truncated");
    this.offset += length;
    return out;
  }
}

function sameBytes(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface DictEntry {
  text: string;
  bytes: number[] | null;
}

/** True when `bytes` is exactly the UTF-8 encoding of `text` (fast path for ASCII). */
function isUtf8Of(bytes: readonly number[], text: string): boolean {
  if (bytes.length === text.length) {
    let ascii = true;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) {
        ascii = false;
        break;
      }
      if (bytes[i] !== code) return false;
    }
    if (ascii) return true;
  }
  return sameBytes(bytes, textEncoder.encode(text));
}

/**
 * Token dictionary of one blob. Most tokens carry no bytes or the UTF-8 of their text, so the
 * text alone is the key; a token whose bytes differ (partial UTF-8) gets its own entry.
 */
class TokenDictionary {
  readonly entries: DictEntry[] = [];
  private readonly byText = new Map<string, number>();
  private readonly byTextAndBytes = new Map<string, number>();

  indexOf(text: string, bytes: number[] | null): number {
    const index = this.byText.get(text);
    if (index === undefined) {
      this.byText.set(text, this.entries.length);
      this.entries.push({ text, bytes });
      return this.entries.length - 1;
    }
    const entry = this.entries[index] as DictEntry;
    if (bytes === entry.bytes || (bytes !== null && entry.bytes !== null && sameBytes(bytes, entry.bytes))) return index;
    const key = `${bytes === null ? "n" : bytes.join(",")}|${text}`;
    const found = this.byTextAndBytes.get(key);
    if (found !== undefined) return found;
    const added = this.entries.length;
    this.entries.push({ text, bytes });
    this.byTextAndBytes.set(key, added);
    return added;
  }
}

export function encodeTokens(tokens: readonly NormalizedToken[]): Buffer {
  const dictionary = new TokenDictionary();
  const lookup = (text: string, bytes: number[] | null) => dictionary.indexOf(text, bytes);
  const dict = dictionary.entries;

  const records = new ByteWriter();
  let capacity = 0;
  for (const token of tokens) capacity += token.top.length + 1;
  const floats = new Float32Array(capacity);
  let floatCount = 0;
  let altIndexes = new Uint32Array(16);
  for (const token of tokens) {
    const k = token.top.length;
    if (k > altIndexes.length) altIndexes = new Uint32Array(k);
    let rank = 0;
    const chosen32 = token.logprob === null ? NaN : Math.fround(token.logprob);
    for (let i = 0; i < k; i++) {
      const alt = token.top[i] as TokenAlternative;
      altIndexes[i] = lookup(alt.token, alt.bytes);
      if (
        rank === 0 &&
        alt.token === token.token &&
        Object.is(Math.fround(alt.logprob), chosen32) &&
        (alt.bytes === token.bytes || (alt.bytes !== null && token.bytes !== null && sameBytes(alt.bytes, token.bytes)))
      ) {
        rank = i + 1;
      }
    }
    // The chosen token, when it is alternative `rank`, has that alternative's entry: no lookup.
    records.varint(rank > 0 ? (altIndexes[rank - 1] as number) : lookup(token.token, token.bytes));
    records.varint(k);
    records.varint(rank);
    if (rank === 0) floats[floatCount++] = chosen32;
    for (let i = 0; i < k; i++) {
      records.varint(altIndexes[i] as number);
      floats[floatCount++] = (token.top[i] as TokenAlternative).logprob;
    }
  }

  const out = new ByteWriter();
  out.varint(LAYOUT_VERSION);
  out.varint(tokens.length);
  out.varint(dict.length);
  for (const entry of dict) {
    out.utf8(entry.text);
    if (entry.bytes === null) out.varint(0);
    else if (isUtf8Of(entry.bytes, entry.text)) out.varint(1);
    else {
      out.varint(entry.bytes.length + 2);
      out.bytes(entry.bytes);
    }
  }
  out.bytes(records.result());
  out.bytes(shuffleFloat32(floats.subarray(0, floatCount)));
  const layout = out.result();
  const compressed = brotliCompressSync(layout, {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [zlib.BROTLI_PARAM_LGWIN]: BROTLI_WINDOW_BITS,
      [zlib.BROTLI_PARAM_SIZE_HINT]: layout.length,
    },
  });
  // Its own memory, not a slice of Buffer's shared pool: blobs outlive the call and are
  // posted between threads, where a pooled slice would carry its whole pool slab along.
  const blob = Buffer.allocUnsafeSlow(compressed.length + 1);
  blob[0] = BROTLI_MARKER;
  compressed.copy(blob, 1);
  return blob;
}

/** The uncompressed layout of a blob of either version, and the layout version it must carry. */
function layoutOf(blob: Uint8Array): { layout: Uint8Array; version: number } {
  if (blob[0] === BROTLI_MARKER) return { layout: brotliDecompressSync(blob.subarray(1)), version: LAYOUT_VERSION };
  return { layout: inflateRawSync(blob), version: V1_LAYOUT_VERSION };
}

function shuffleFloat32(values: Float32Array): Uint8Array {
  const raw = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const n = values.length;
  const out = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    out[i] = raw[i * 4] as number;
    out[n + i] = raw[i * 4 + 1] as number;
    out[2 * n + i] = raw[i * 4 + 2] as number;
    out[3 * n + i] = raw[i * 4 + 3] as number;
  }
  return out;
}

function unshuffleFloat32(data: Uint8Array): Float32Array {
  const n = data.length / 4;
  const raw = new Uint8Array(data.length);
  for (let i = 0; i < n; i++) {
    raw[i * 4] = data[i] as number;
    raw[i * 4 + 1] = data[n + i] as number;
    raw[i * 4 + 2] = data[2 * n + i] as number;
    raw[i * 4 + 3] = data[3 * n + i] as number;
  }
  return new Float32Array(raw.buffer);
}

interface TokenRecord {
  chosen: number;
  rank: number;
  alternatives: number[];
}

export function decodeTokens(blob: Uint8Array): NormalizedToken[] {
  const { layout, version: expected } = layoutOf(blob);
  const reader = new ByteReader(layout);
  const version = reader.varint();
  if (version !== expected) throw new Error(`unsupported token blob version ${version}`);
  const tokenCount = reader.varint();
  const dictSize = reader.varint();
  const dict: DictEntry[] = [];
  for (let i = 0; i < dictSize; i++) {
    const utf8 = reader.bytes(reader.varint());
    const text = textDecoder.decode(utf8);
    const bytesTag = reader.varint();
    const bytes = bytesTag === 0 ? null : bytesTag === 1 ? Array.from(utf8) : Array.from(reader.bytes(bytesTag - 2));
    dict.push({ text, bytes });
  }
  const records: TokenRecord[] = [];
  let floatCount = 0;
  for (let i = 0; i < tokenCount; i++) {
    const chosen = reader.varint();
    const k = reader.varint();
    const rank = reader.varint();
    const alternatives: number[] = [];
    for (let j = 0; j < k; j++) alternatives.push(reader.varint());
    records.push({ chosen, rank, alternatives });
    floatCount += k + (rank === 0 ? 1 : 0);
  }
  const floats = unshuffleFloat32(reader.bytes(floatCount * 4));
  const entry = (index: number): DictEntry => {
    const found = dict[index];
    if (!found) throw new Error("token blob references a missing dictionary entry");
    return found;
  };

  let cursor = 0;
  return records.map((record) => {
    const chosenLogprob = record.rank === 0 ? (floats[cursor++] as number) : null;
    const top = record.alternatives.map((index) => {
      const alt = entry(index);
      return { token: alt.text, logprob: floats[cursor++] as number, bytes: alt.bytes };
    });
    const chosen = entry(record.chosen);
    const logprob =
      record.rank === 0 ? (Number.isNaN(chosenLogprob) ? null : chosenLogprob) : (top[record.rank - 1]?.logprob ?? null);
    return { token: chosen.text, logprob, bytes: chosen.bytes, top };
  });
}
