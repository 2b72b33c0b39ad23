/**
 * How a token's text is shown in the token view. Token text is untrusted and often
 * invisible (a lone space, a newline, a zero-width joiner, half of a UTF-8 character), so
 * each token becomes a short list of glyphs: its text, plus visible stand-ins for what
 * cannot be seen. The result is rendered as React text children only, never as HTML.
 */
export type GlyphKind = "text" | "whitespace" | "escape";

export interface TokenGlyph {
  kind: GlyphKind;
  text: string;
}

// A middle dot, as editors show whitespace: "␠" (U+2420) is missing from many monospace fonts.
export const SPACE_MARK = "·";
export const NEWLINE_MARK = "↵";
export const TAB_MARK = "→";
export const EMPTY_MARK = "∅";

// Most tokens are printable ASCII with something visible: one glyph, no per-character work.
const PLAIN_ASCII = /^[\x20-\x7e]*[\x21-\x7e][\x20-\x7e]*$/;
// OpenAI writes undecodable byte tokens as text, e.g. "\\xe2\\x80" or "bytes:\\xe2\\x80".
const ESCAPED_BYTES_TEXT = /^(?:bytes:)?((?:\\x[0-9a-fA-F]{2})+)$/;
// Controls and format characters (bidi overrides, zero-width space, BOM...) are invisible or
// reorder text (Trojan Source), so they are shown as their bytes. U+200D joins emoji: kept.
const INVISIBLE_CHAR = /[\p{Cc}\p{Cf}]/u;
const ZERO_WIDTH_JOINER = "\u200d";
const REPLACEMENT_CHAR = "\ufffd";

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** `\xe2\x80` for the given bytes. */
export function byteEscape(bytes: ArrayLike<number>): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += `\\x${(bytes[i] ?? 0).toString(16).padStart(2, "0")}`;
  return out;
}

/** Glyphs for a token: `bytes` (when sent) win over the text if they are not valid UTF-8 on their own. */
export function tokenGlyphs(token: string, bytes: readonly number[] | null): TokenGlyph[] {
  const escaped = ESCAPED_BYTES_TEXT.exec(token);
  if (escaped?.[1]) return [{ kind: "escape", text: escaped[1].toLowerCase() }];
  if (PLAIN_ASCII.test(token) && (bytes === null || isAscii(bytes))) return [{ kind: "text", text: token }];
  if (bytes !== null && bytes.length > 0) {
    const runs = utf8Runs(bytes);
    if (runs.some((run) => typeof run !== "string")) {
      const glyphs: TokenGlyph[] = [];
      for (const run of runs) {
        if (typeof run === "string") pushAll(glyphs, textGlyphs(run, false));
        else push(glyphs, "escape", byteEscape(run.invalid));
      }
      return glyphs;
    }
  }
  return textGlyphs(token, bytes === null);
}

/** Glyphs for one-line places (popover, lists): the line breaks dropped, their ↵ kept. */
export function inlineTokenGlyphs(token: string, bytes: readonly number[] | null): TokenGlyph[] {
  return tokenGlyphs(token, bytes).filter((glyph) => glyph.text !== "\n");
}

/** The inline glyphs as one string, for labels. */
export function tokenLabel(token: string, bytes: readonly number[] | null): string {
  return inlineTokenGlyphs(token, bytes)
    .map((glyph) => glyph.text)
    .join("");
}

function textGlyphs(text: string, bytesUnknown: boolean): TokenGlyph[] {
  if (text === "") return [{ kind: "whitespace", text: EMPTY_MARK }];
  // With nothing visible, every whitespace character needs a mark, not only newlines and tabs.
  const blank = /^\s+$/u.test(text);
  const onlyJoiners = [...text].every((char) => char === ZERO_WIDTH_JOINER);
  const glyphs: TokenGlyph[] = [];
  for (const char of text) {
    if (char === "\n") {
      push(glyphs, "whitespace", NEWLINE_MARK);
      push(glyphs, "text", "\n");
    } else if (char === "\t") {
      push(glyphs, "whitespace", TAB_MARK);
      push(glyphs, "text", "\t");
    } else if (char === " " && blank) {
      push(glyphs, "whitespace", SPACE_MARK);
    } else if (char === REPLACEMENT_CHAR && bytesUnknown) {
      // The provider already replaced undecodable bytes and did not send them: name the character.
      push(glyphs, "escape", "\\ufffd");
    } else if ((INVISIBLE_CHAR.test(char) && (char !== ZERO_WIDTH_JOINER || onlyJoiners)) || (blank && char !== " ")) {
      push(glyphs, "escape", byteEscape(utf8.encode(char)));
    } else {
      push(glyphs, "text", char);
    }
  }
  return glyphs;
}

/** Appends, merging into the previous glyph of the same kind (fewer DOM nodes). */
function push(glyphs: TokenGlyph[], kind: GlyphKind, text: string): void {
  const last = glyphs[glyphs.length - 1];
  // A newline stays its own glyph so "↵" always ends the line it marks.
  if (last && last.kind === kind && last.text !== "\n" && text !== "\n") last.text += text;
  else glyphs.push({ kind, text });
}

function pushAll(glyphs: TokenGlyph[], more: TokenGlyph[]): void {
  for (const glyph of more) push(glyphs, glyph.kind, glyph.text);
}

function isAscii(bytes: readonly number[]): boolean {
  for (const byte of bytes) if (byte > 0x7f) return false;
  return true;
}

/**
 * Splits bytes into decoded text runs and runs of bytes that are not well-formed UTF-8
 * (Unicode 15, table 3-7: no overlongs, no surrogates, nothing above U+10FFFF).
 */
export function utf8Runs(bytes: readonly number[]): Array<string | { invalid: number[] }> {
  const runs: Array<string | { invalid: number[] }> = [];
  let valid: number[] = [];
  let invalid: number[] = [];
  const flushText = () => {
    if (valid.length > 0) runs.push(utf8Decoder.decode(Uint8Array.from(valid)));
    valid = [];
  };
  const flushInvalid = () => {
    if (invalid.length > 0) runs.push({ invalid });
    invalid = [];
  };
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      flushText();
      invalid.push(bytes[i] ?? 0);
      i++;
      continue;
    }
    flushInvalid();
    for (let end = i + length; i < end; i++) valid.push(bytes[i] ?? 0);
  }
  flushText();
  flushInvalid();
  return runs;
}

/** Length of the well-formed UTF-8 sequence starting at `i`, or 0 when there is none. */
function sequenceLength(bytes: readonly number[], i: number): number {
  const lead = bytes[i] ?? 0;
  if (lead <= 0x7f) return 1;
  const inRange = (offset: number, low = 0x80, high = 0xbf) => {
    const byte = bytes[i + offset];
    return byte !== undefined && byte >= low && byte <= high;
  };
  if (lead >= 0xc2 && lead <= 0xdf) return inRange(1) ? 2 : 0;
  if (lead === 0xe0) return inRange(1, 0xa0) && inRange(2) ? 3 : 0;
  if (lead === 0xed) return inRange(1, 0x80, 0x9f) && inRange(2) ? 3 : 0;
  if (lead >= 0xe1 && lead <= 0xef) return inRange(1) && inRange(2) ? 3 : 0;
  if (lead === 0xf0) return inRange(1, 0x90) && inRange(2) && inRange(3) ? 4 : 0;
  if (lead >= 0xf1 && lead <= 0xf3) return inRange(1) && inRange(2) && inRange(3) ? 4 : 0;
  if (lead === 0xf4) return inRange(1, 0x80, 0x8f) && inRange(2) && inRange(3) ? 4 : 0;
  return 0;
}
