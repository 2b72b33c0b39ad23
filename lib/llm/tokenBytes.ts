import type { LlamaModel, Token } from "node-llama-cpp";

const utf8 = new TextEncoder();

/** GPT-2's byte-level BPE alphabet: each byte is drawn as one printable character (`Ġ` for space). */
function gpt2ByteDecoder(): Map<string, number> {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const decoder = new Map<string, number>();
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (printable.includes(b)) decoder.set(String.fromCharCode(b), b);
    else decoder.set(String.fromCharCode(256 + extra++), b);
  }
  return decoder;
}

let byteDecoder: Map<string, number> | undefined;

/**
 * The raw UTF-8 bytes of one token's piece, as OpenAI's `bytes` field gives them: a token that
 * holds only part of a multi-byte character (SentencePiece byte-fallback tokens `<0xE2>`, or a
 * byte-level BPE piece) still gives its own bytes, not the U+FFFD its text would decode to.
 * The vocabulary's stored piece is the source of truth; the detokenized text is used only when
 * it decodes cleanly.
 */
export function tokenPieceBytes(model: LlamaModel, token: Token): Uint8Array {
  if (model.isSpecialToken(token)) return new Uint8Array();
  const pieces = model.fileInfo.metadata.tokenizer?.ggml?.tokens as readonly string[] | undefined;
  const piece = pieces?.[token];
  if (piece !== undefined) {
    const byteToken = /^<0x([0-9A-Fa-f]{2})>$/.exec(piece);
    if (byteToken?.[1]) return Uint8Array.of(Number.parseInt(byteToken[1], 16));
    if (String(model.vocabularyType) === "spm") return utf8.encode(piece.replaceAll("\u2581", " "));
    if (String(model.vocabularyType) === "bpe") {
      byteDecoder ??= gpt2ByteDecoder();
      const bytes: number[] = [];
      for (const char of piece) {
        const byte = byteDecoder.get(char);
        if (byte === undefined) return utf8.encode(model.detokenize([token], false));
        bytes.push(byte);
      }
      return Uint8Array.from(bytes);
    }
  }
  return utf8.encode(model.detokenize([token], false));
}
