import { describe, expect, it } from "vitest";
import * as same from "./__fixtures__/sameResponse";
import { detectFormat, parsePayload } from "./index";
import { SOURCE_FORMATS, type NormalizedToken, type SourceFormat } from "./types";

interface Case {
  format: SourceFormat;
  payload: unknown;
  /** Whether the format carries token bytes, and alternatives. */
  bytes: boolean;
  top: boolean;
}

const CASES: Case[] = [
  { format: "openai-chat", payload: same.openaiChatPayload(), bytes: true, top: true },
  { format: "openai-chat-stream", payload: same.openaiChatChunks(), bytes: true, top: true },
  { format: "openai-chat-stream", payload: same.openaiChatSse(), bytes: true, top: true },
  { format: "openai-legacy", payload: same.openaiLegacyPayload(), bytes: false, top: true },
  { format: "openai-responses", payload: same.openaiResponsesPayload(), bytes: true, top: true },
  { format: "together", payload: same.togetherPayload(), bytes: false, top: false },
  { format: "vllm", payload: same.vllmPayload(), bytes: true, top: true },
  { format: "llamacpp", payload: same.llamacppPayload(), bytes: true, top: true },
  { format: "ollama", payload: same.ollamaPayload(), bytes: true, top: true },
  { format: "loupe", payload: same.loupePayload(), bytes: true, top: true },
];

/** What a format can carry of the canonical tokens. */
function expectedTokens(c: Case): NormalizedToken[] {
  return same.SAME_TOKENS.map((t) => ({
    token: t.token,
    logprob: t.logprob,
    bytes: c.bytes ? t.bytes : null,
    top: c.top ? t.top.map((a) => ({ ...a, bytes: c.bytes ? a.bytes : null })) : [],
  }));
}

describe("the same response in every format", () => {
  it("covers all nine formats", () => {
    expect(new Set(CASES.map((c) => c.format))).toEqual(new Set(SOURCE_FORMATS));
  });

  it.each(CASES.map((c) => [c.format, typeof c.payload === "string" ? "SSE text" : "JSON", c] as const))(
    "%s (%s) detects and yields the same tokens",
    (format, _kind, c) => {
      expect(detectFormat(c.payload)).toBe(format);
      const parsed = parsePayload(c.payload);
      expect(parsed.format).toBe(format);
      expect(parsed.samples).toHaveLength(1);
      const sample = parsed.samples[0];
      expect(sample?.sampleIndex).toBe(0);
      expect(sample?.outputText).toBe(same.SAME_TEXT);
      expect(sample?.tokens).toEqual(expectedTokens(c));
      expect(parsed.model).toBe(same.SAME_MODEL);
    },
  );

  it("agrees on token text and logprobs across all formats", () => {
    const views = CASES.map((c) =>
      parsePayload(c.payload).samples[0]?.tokens.map((t) => [t.token, t.logprob]),
    );
    for (const view of views) expect(view).toEqual(views[0]);
  });

  it("parses with an explicit format as with detection", () => {
    for (const c of CASES) expect(parsePayload(c.payload, c.format)).toEqual(parsePayload(c.payload));
  });
});
