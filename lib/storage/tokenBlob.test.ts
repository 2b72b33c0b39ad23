import { brotliCompressSync, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { openAiChatPayloads } from "@/bench/openaiPayloads";
import { parsePayload } from "@/lib/logprobs";
import type { NormalizedToken } from "@/lib/logprobs/types";
import { BLOB_SHAPES } from "./__fixtures__/blobShapes";
import { V1_BLOBS } from "./__fixtures__/v1Blobs";
import { BROTLI_MARKER, decodeTokens, encodeTokens } from "./tokenBlob";

const utf8 = (text: string) => Array.from(Buffer.from(text, "utf8"));
const f32 = (value: number) => Math.fround(value);

/** What a blob gives back: everything exact, logprobs at float32. */
function asStored(tokens: readonly NormalizedToken[]): NormalizedToken[] {
  return tokens.map((token) => ({
    token: token.token,
    logprob: token.logprob === null ? null : f32(token.logprob),
    bytes: token.bytes,
    top: token.top.map((alt) => ({ ...alt, logprob: f32(alt.logprob) })),
  }));
}

describe("token blob", () => {
  it.each(Object.keys(BLOB_SHAPES))("v2 round-trips the %s shape (text, bytes, float32 logprobs, every alternative)", (name) => {
    const tokens = BLOB_SHAPES[name] as NormalizedToken[];
    const blob = encodeTokens(tokens);
    expect(blob[0]).toBe(BROTLI_MARKER);
    expect(decodeTokens(blob)).toEqual(asStored(tokens));
  });

  it.each(Object.keys(V1_BLOBS))("still decodes the %s shape as the v1 (DEFLATE) encoder wrote it", (name) => {
    const blob = Buffer.from(V1_BLOBS[name] as string, "base64");
    expect(blob[0]).not.toBe(BROTLI_MARKER);
    expect(decodeTokens(blob)).toEqual(asStored(BLOB_SHAPES[name] as NormalizedToken[]));
  });

  it("v2's marker byte can never start a raw DEFLATE stream (BTYPE 11 is reserved), so the versions cannot be confused", () => {
    const blob = encodeTokens(BLOB_SHAPES.mixed as NormalizedToken[]);
    expect(() => inflateRawSync(blob)).toThrow(/invalid block type/);
    // and a v1 blob is no Brotli-marked blob: every v1 test blob above starts elsewhere
    for (const base64 of Object.values(V1_BLOBS)) expect(Buffer.from(base64, "base64")[0]).not.toBe(BROTLI_MARKER);
  });

  it("refuses a blob whose layout version does not match its compression", () => {
    // a v1 layout behind the v2 marker is corrupt, not a blob to misread
    const v1Layout = inflateRawSync(Buffer.from(V1_BLOBS.mixed as string, "base64"));
    const mismatched = Buffer.concat([Buffer.from([BROTLI_MARKER]), brotliCompressSync(v1Layout)]);
    expect(() => decodeTokens(mismatched)).toThrow("unsupported token blob version 1");
    expect(() => decodeTokens(Buffer.from([BROTLI_MARKER, 0x00]))).toThrow();
  });

  it("stores 500 tokens with top-5 alternatives in well under 48 bytes per token", () => {
    const vocabulary = Array.from({ length: 400 }, (_, i) => ` w${i.toString(36)}`);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const tokens: NormalizedToken[] = Array.from({ length: 500 }, () => {
      const top = Array.from({ length: 5 }, (_, k) => {
        const token = vocabulary[Math.floor(random() * vocabulary.length)] as string;
        return { token, logprob: -k * 1.5 - random(), bytes: utf8(token) };
      });
      const chosen = top[0] as NormalizedToken["top"][number];
      return { token: chosen.token, logprob: chosen.logprob, bytes: chosen.bytes, top };
    });
    const bytes = encodeTokens(tokens).length;
    expect(bytes / tokens.length).toBeLessThan(40);
    expect(decodeTokens(encodeTokens(tokens))[499]?.top).toHaveLength(5);
  });

  it("keeps the scale benchmark's 200-token top-5 responses under 42 bytes per token (DEFLATE took 45)", () => {
    const samples = openAiChatPayloads(64, 200, 11).map((payload) => parsePayload(payload).samples[0]?.tokens ?? []);
    let bytes = 0;
    let tokens = 0;
    for (const sample of samples) {
      const blob = encodeTokens(sample);
      bytes += blob.length;
      tokens += sample.length;
      expect(decodeTokens(blob)).toEqual(asStored(sample));
    }
    expect(tokens).toBe(64 * 200);
    expect(bytes / tokens).toBeLessThan(42);
  });
});
