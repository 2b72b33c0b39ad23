import type { NormalizedToken } from "@/lib/logprobs/types";

const utf8 = (text: string) => Array.from(Buffer.from(text, "utf8"));

/**
 * Every token shape a blob must keep: chosen among / not among its alternatives, partial UTF-8
 * bytes (not the text's UTF-8), no bytes, a null logprob (echoed first prompt token),
 * -Infinity (vLLM's -9999 normalized), an empty token with empty bytes, no alternatives,
 * non-ASCII text, and a token text long enough to need a multi-byte length prefix.
 */
export const BLOB_SHAPES: Record<string, NormalizedToken[]> = {
  mixed: [
    { token: "Hello", logprob: -0.0123456789, bytes: utf8("Hello"), top: [
      { token: "Hello", logprob: -0.0123456789, bytes: utf8("Hello") },
      { token: "Hi", logprob: -4.5, bytes: utf8("Hi") },
    ] },
    { token: " world", logprob: -7.25, bytes: utf8(" world"), top: [
      { token: " there", logprob: -0.1, bytes: utf8(" there") },
      { token: "!", logprob: -3, bytes: utf8("!") },
    ] },
    { token: "\\xe2\\x80", logprob: -1, bytes: [226, 128], top: [] },
    { token: "<s>", logprob: null, bytes: null, top: [{ token: "x", logprob: -Infinity, bytes: null }] },
    { token: "", logprob: 0, bytes: [], top: [] },
  ],
  nullLogprobs: [
    { token: "a", logprob: null, bytes: utf8("a"), top: [] },
    { token: "b", logprob: null, bytes: null, top: [{ token: "b", logprob: -0.5, bytes: null }] },
  ],
  partialUtf8: [
    // "€" (e2 82 ac) split over two tokens, and the same text with other bytes
    { token: "\ufffd", logprob: -0.2, bytes: [0xe2, 0x82], top: [{ token: "\ufffd", logprob: -0.2, bytes: [0xe2, 0x82] }, { token: "\ufffd", logprob: -2, bytes: [0xe2] }] },
    { token: "\ufffd", logprob: -0.3, bytes: [0xac], top: [{ token: "\ufffd", logprob: -0.3, bytes: [0xac] }] },
  ],
  emptyTop: [
    { token: "only", logprob: -0.75, bytes: utf8("only"), top: [] },
    { token: " chosen", logprob: -1.5, bytes: utf8(" chosen"), top: [] },
  ],
  unicodeAndLong: [
    { token: "日本語", logprob: -0.01, bytes: utf8("日本語"), top: [{ token: "日本語", logprob: -0.01, bytes: utf8("日本語") }, { token: "😀", logprob: -6, bytes: utf8("😀") }] },
    { token: "x".repeat(300), logprob: -2, bytes: utf8("x".repeat(300)), top: [{ token: "é".repeat(50), logprob: -3, bytes: utf8("é".repeat(50)) }] },
  ],
  empty: [],
};
