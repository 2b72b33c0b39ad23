import { describe, expect, it } from "vitest";
import type { NormalizedToken } from "@/lib/logprobs/types";
import { decodeTokens, encodeTokens } from "./tokenBlob";

const utf8 = (text: string) => Array.from(Buffer.from(text, "utf8"));
const f32 = (value: number) => Math.fround(value);

describe("token blob", () => {
  it("round-trips text, bytes, logprobs (float32) and every alternative", () => {
    const tokens: NormalizedToken[] = [
      { token: "Hello", logprob: -0.0123456789, bytes: utf8("Hello"), top: [
        { token: "Hello", logprob: -0.0123456789, bytes: utf8("Hello") },
        { token: "Hi", logprob: -4.5, bytes: utf8("Hi") },
      ] },
      // chosen token not among the alternatives, and with a different logprob
      { token: " world", logprob: -7.25, bytes: utf8(" world"), top: [
        { token: " there", logprob: -0.1, bytes: utf8(" there") },
        { token: "!", logprob: -3, bytes: utf8("!") },
      ] },
      // partial UTF-8: bytes are not the UTF-8 of the text and must survive exactly
      { token: "\\xe2\\x80", logprob: -1, bytes: [226, 128], top: [] },
      // no bytes, null logprob (echoed first prompt token), -Infinity (vLLM -9999)
      { token: "<s>", logprob: null, bytes: null, top: [{ token: "x", logprob: -Infinity, bytes: null }] },
      { token: "", logprob: 0, bytes: [], top: [] },
    ];
    const decoded = decodeTokens(encodeTokens(tokens));
    expect(decoded).toHaveLength(tokens.length);
    decoded.forEach((token, i) => {
      const original = tokens[i] as NormalizedToken;
      expect(token.token).toBe(original.token);
      expect(token.bytes).toEqual(original.bytes);
      expect(token.logprob).toBe(original.logprob === null ? null : f32(original.logprob));
      expect(token.top).toEqual(original.top.map((alt) => ({ ...alt, logprob: f32(alt.logprob) })));
    });
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
});
