import type { NormalizedToken } from "@/lib/logprobs/types";
import { uniquePositions, type DetectorFinding } from "./types";

export type GlitchKind = "replacementChar" | "controlChar" | "invalidBytes";

export interface GlitchHit {
  position: number;
  /** "chosen" for the generated token, else the alternative's rank in top-k (0-based). */
  where: "chosen" | number;
  kind: GlitchKind;
  token: string;
}

/** C0 controls but tab, line feed and carriage return; DEL; C1 controls. */
function isControl(codePoint: number): boolean {
  return (codePoint < 0x20 && codePoint !== 0x09 && codePoint !== 0x0a && codePoint !== 0x0d) || (codePoint >= 0x7f && codePoint <= 0x9f);
}

const encoder = new TextEncoder();
const tokenBytes = (token: { token: string; bytes: number[] | null }): ArrayLike<number> => token.bytes ?? encoder.encode(token.token);

/** Continuation-byte range of the 2nd byte after a lead byte (RFC 3629 table), else 0x80..0xBF. */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0; // a continuation byte or an invalid lead
}

/**
 * Decodes a byte stream whose bytes belong to owners (token positions), calling `onCodePoint`
 * with each decoded code point and its first byte's owner, and `onInvalid` with the owner of
 * each byte that starts no valid sequence. A character split across owners decodes whole.
 */
function decodeOwned(bytes: number[], owners: number[], onCodePoint: (codePoint: number, owner: number) => void, onInvalid: (owner: number) => void): void {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    const length = sequenceLength(lead);
    let valid = length > 0 && i + length <= bytes.length;
    if (valid && length > 1) {
      const [low, high] = secondByteRange(lead);
      const second = bytes[i + 1] as number;
      valid = second >= low && second <= high;
      for (let k = 2; valid && k < length; k++) {
        const next = bytes[i + k] as number;
        valid = next >= 0x80 && next <= 0xbf;
      }
    }
    if (!valid) {
      onInvalid(owners[i] as number);
      i++;
      continue;
    }
    let codePoint = length === 1 ? lead : lead & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) codePoint = (codePoint << 6) | ((bytes[i + k] as number) & 0x3f);
    onCodePoint(codePoint, owners[i] as number);
    i += length;
  }
}

/** Printable ASCII, tab, line feed and carriage return only: decodes to no replacement or control character. */
function isPlainAscii(bytes: ArrayLike<number>): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte >= 0x80 || isControl(byte)) return false;
  }
  return true;
}

/**
 * A chosen or top-k token containing U+FFFD, a control character (C0 but tab/newline/return,
 * DEL, C1), or bytes that are not valid UTF-8 on their own and are not completed by the next
 * tokens. Chosen tokens are decoded as one byte stream (their `bytes`, else their text's
 * UTF-8), so a multi-byte character split across tokens is not a glitch. An alternative is
 * decoded alone and fires only on U+FFFD or a control character: a partial character is a
 * normal top-k candidate (the next token would have completed it). Value: glitch positions.
 */
export function glitchToken(tokens: readonly NormalizedToken[]): DetectorFinding | null {
  const hits: GlitchHit[] = [];
  const seen = new Set<string>();
  const hit = (position: number, where: GlitchHit["where"], kind: GlitchKind, token: string) => {
    const key = `${position}:${where}:${kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    hits.push({ position, where, kind, token });
  };
  const bytes: number[] = [];
  const owners: number[] = [];
  tokens.forEach((token, position) => {
    const own = tokenBytes(token);
    for (let k = 0; k < own.length; k++) {
      bytes.push(own[k] as number);
      owners.push(position);
    }
  });
  decodeOwned(
    bytes,
    owners,
    (codePoint, owner) => {
      if (codePoint === 0xfffd) hit(owner, "chosen", "replacementChar", (tokens[owner] as NormalizedToken).token);
      else if (isControl(codePoint)) hit(owner, "chosen", "controlChar", (tokens[owner] as NormalizedToken).token);
    },
    (owner) => hit(owner, "chosen", "invalidBytes", (tokens[owner] as NormalizedToken).token),
  );
  tokens.forEach((token, position) => {
    token.top.forEach((alt, rank) => {
      if (alt.token === token.token) return; // the chosen token, checked above
      const altBytes = tokenBytes(alt);
      if (isPlainAscii(altBytes)) return; // most alternatives: nothing in them can fire
      const own = Array.from(altBytes);
      decodeOwned(
        own,
        own.map(() => position),
        (codePoint) => {
          if (codePoint === 0xfffd) hit(position, rank, "replacementChar", alt.token);
          else if (isControl(codePoint)) hit(position, rank, "controlChar", alt.token);
        },
        () => undefined,
      );
    });
  });
  if (hits.length === 0) return null;
  hits.sort((a, b) => a.position - b.position);
  const positions = uniquePositions(hits.map((h) => h.position));
  return {
    detector: "glitchToken",
    value: positions.length,
    threshold: 0,
    severity: "warning",
    evidence: { positions, thresholds: {}, hits },
  };
}
