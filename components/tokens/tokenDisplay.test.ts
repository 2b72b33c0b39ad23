import { describe, expect, it } from "vitest";
import { byteEscape, inlineTokenGlyphs, tokenGlyphs, tokenLabel, utf8Runs } from "./tokenDisplay";

const bytesOf = (text: string) => [...new TextEncoder().encode(text)];
const shown = (token: string, bytes: number[] | null = bytesOf(token)) => tokenGlyphs(token, bytes);

describe("tokenGlyphs", () => {
  it("keeps ordinary text, leading spaces included, as one text glyph", () => {
    expect(shown(" the")).toEqual([{ kind: "text", text: " the" }]);
    expect(shown("naïve")).toEqual([{ kind: "text", text: "naïve" }]);
    expect(shown("日本", null)).toEqual([{ kind: "text", text: "日本" }]);
  });

  it("marks a token that is only spaces with ·, one per space", () => {
    expect(shown(" ")).toEqual([{ kind: "whitespace", text: "·" }]);
    expect(shown("    ")).toEqual([{ kind: "whitespace", text: "····" }]);
  });

  it("shows a newline as ↵ followed by a real line break", () => {
    expect(shown("\n")).toEqual([
      { kind: "whitespace", text: "↵" },
      { kind: "text", text: "\n" },
    ]);
    expect(shown(".\n\n")).toEqual([
      { kind: "text", text: "." },
      { kind: "whitespace", text: "↵" },
      { kind: "text", text: "\n" },
      { kind: "whitespace", text: "↵" },
      { kind: "text", text: "\n" },
    ]);
  });

  it("shows a tab as → and keeps the tab for indentation", () => {
    expect(shown("\tx")).toEqual([
      { kind: "whitespace", text: "→" },
      { kind: "text", text: "\tx" },
    ]);
  });

  it("escapes control characters and invisible format characters as their UTF-8 bytes", () => {
    expect(shown("a\u0000b")).toEqual([
      { kind: "text", text: "a" },
      { kind: "escape", text: "\\x00" },
      { kind: "text", text: "b" },
    ]);
    expect(shown("\r")).toEqual([{ kind: "escape", text: "\\x0d" }]);
    expect(shown("\u202e")).toEqual([{ kind: "escape", text: "\\xe2\\x80\\xae" }]);
    expect(shown("\u200b")).toEqual([{ kind: "escape", text: "\\xe2\\x80\\x8b" }]);
  });

  it("keeps a zero-width joiner inside an emoji but escapes a lone one", () => {
    expect(shown("👩\u200d💻")).toEqual([{ kind: "text", text: "👩\u200d💻" }]);
    expect(shown("\u200d")).toEqual([{ kind: "escape", text: "\\xe2\\x80\\x8d" }]);
  });

  it("escapes non-space whitespace when the token has nothing visible", () => {
    expect(shown("\u00a0")).toEqual([{ kind: "escape", text: "\\xc2\\xa0" }]);
    expect(shown("a\u00a0b")).toEqual([{ kind: "text", text: "a\u00a0b" }]);
  });

  it("shows bytes that are not valid UTF-8 on their own as byte escapes", () => {
    expect(shown("\ufffd", [0xe2, 0x80])).toEqual([{ kind: "escape", text: "\\xe2\\x80" }]);
    expect(shown(" \ufffd", [0x20, 0xe2, 0x80])).toEqual([
      { kind: "whitespace", text: "·" },
      { kind: "escape", text: "\\xe2\\x80" },
    ]);
    expect(shown("\ufffdb", [0x9c, 0x62])).toEqual([
      { kind: "escape", text: "\\x9c" },
      { kind: "text", text: "b" },
    ]);
  });

  it("shows OpenAI's escaped byte text as an escape glyph", () => {
    expect(shown("\\xe2\\x80", null)).toEqual([{ kind: "escape", text: "\\xe2\\x80" }]);
    expect(shown("bytes:\\xE2\\x80", null)).toEqual([{ kind: "escape", text: "\\xe2\\x80" }]);
  });

  it("names U+FFFD when the provider sent no bytes", () => {
    expect(shown("a\ufffd", null)).toEqual([
      { kind: "text", text: "a" },
      { kind: "escape", text: "\\ufffd" },
    ]);
  });

  it("shows an empty token as ∅ so it can still be hovered", () => {
    expect(shown("", [])).toEqual([{ kind: "whitespace", text: "∅" }]);
  });

  it("keeps markup as plain text", () => {
    expect(shown("<img src=x onerror=alert(1)>")).toEqual([{ kind: "text", text: "<img src=x onerror=alert(1)>" }]);
  });
});

describe("utf8Runs", () => {
  it("splits well-formed sequences from stray bytes", () => {
    expect(utf8Runs([0x61, 0xe2, 0x80, 0x94, 0x62])).toEqual(["a—b"]);
    expect(utf8Runs([0x61, 0xe2, 0x80])).toEqual(["a", { invalid: [0xe2, 0x80] }]);
  });

  it("rejects overlongs, surrogates and code points above U+10FFFF", () => {
    expect(utf8Runs([0xc0, 0xaf])).toEqual([{ invalid: [0xc0, 0xaf] }]);
    expect(utf8Runs([0xed, 0xa0, 0x80])).toEqual([{ invalid: [0xed, 0xa0, 0x80] }]);
    expect(utf8Runs([0xf4, 0x90, 0x80, 0x80])).toEqual([{ invalid: [0xf4, 0x90, 0x80, 0x80] }]);
    expect(utf8Runs([0xf0, 0x9f, 0x98, 0x80])).toEqual(["😀"]);
  });
});

describe("tokenLabel and byteEscape", () => {
  it("gives one line of text, keeping ↵ but not the break", () => {
    expect(inlineTokenGlyphs(".\n", null)).toEqual([
      { kind: "text", text: "." },
      { kind: "whitespace", text: "↵" },
    ]);
    expect(tokenLabel("\n", [0x0a])).toBe("↵");
    expect(tokenLabel(" ", null)).toBe("·");
  });

  it("writes lower-case two-digit escapes", () => {
    expect(byteEscape([0x0a, 0xff])).toBe("\\x0a\\xff");
  });
});
