import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import {
  assertNotTooDeep,
  assertRecordCount,
  BODY_LIMITS,
  embeddedTextTooDeep,
  jsonTooDeep,
  lineTooLong,
  SCAN_CHUNK_CHARS,
  sseTooDeep,
  textPayloadTooDeep,
} from "./bodyLimits";

/** Reference depth: walks the parsed value (fine for the small values of these tests). */
function parsedDepth(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(parsedDepth));
  if (typeof value === "object" && value !== null) return 1 + Math.max(0, ...Object.values(value).map(parsedDepth));
  return 0;
}

const nested = (depth: number, open = "[", close = "]") => open.repeat(depth) + close.repeat(depth);
const nestedObjects = (depth: number) => '{"a":'.repeat(depth - 1) + "{}" + "}".repeat(depth - 1);

describe("jsonTooDeep", () => {
  it("allows exactly the limit and refuses one more, for arrays and objects", () => {
    expect(jsonTooDeep(nested(64))).toBe(false);
    expect(jsonTooDeep(nested(65))).toBe(true);
    expect(jsonTooDeep(nestedObjects(64))).toBe(false);
    expect(jsonTooDeep(nestedObjects(65))).toBe(true);
    expect(jsonTooDeep(nested(3), 2)).toBe(true);
  });

  it("counts the deepest point, not the total number of brackets", () => {
    const wide = `[${Array.from({ length: 10_000 }, () => nested(60)).join(",")}]`;
    expect(jsonTooDeep(wide)).toBe(false);
  });

  it("ignores brackets inside strings, escaped quotes and escaped backslashes included", () => {
    const trap = JSON.stringify({ s: nested(100), q: 'say "[[[[["', b: "back\\slash\\", t: `${"[".repeat(200)}\\"` });
    expect(jsonTooDeep(trap)).toBe(false);
    const afterEscapedBackslash = `["\\\\", ${nested(70)}]`;
    expect(JSON.parse(afterEscapedBackslash)).toBeTruthy();
    expect(jsonTooDeep(afterEscapedBackslash)).toBe(true);
  });

  it("agrees with the parsed depth on real-looking values", () => {
    const values = [
      {},
      [],
      { a: [1, { b: [[], {}] }], c: "]]]}}}", d: '\\"[' },
      [[["x"]], [{ y: [[[[null]]]] }]],
      { choices: [{ logprobs: { content: [{ token: "{", top_logprobs: [{ token: "[" }] }] } }] },
    ];
    for (const value of values) {
      const text = JSON.stringify(value);
      const depth = parsedDepth(value);
      expect(jsonTooDeep(text, depth)).toBe(false);
      expect(jsonTooDeep(text, depth - 1)).toBe(depth > 0);
    }
  });

  it("agrees with the parsed depth on any JSON value (brackets, quotes and backslashes in strings too)", () => {
    const strings = fc.string({ unit: fc.constantFrom(..."[]{}\"\\ab\u00e9\n"), maxLength: 12 });
    const value = fc.oneof(fc.jsonValue({ maxDepth: 10, stringUnit: "binary" }), fc.jsonValue({ maxDepth: 10, stringUnit: fc.constantFrom(..."[]{}\"\\a") }));
    fc.assert(
      fc.property(value, strings, (v, s) => {
        const text = JSON.stringify([s, v, s]);
        const depth = parsedDepth(JSON.parse(text));
        return !jsonTooDeep(text, depth) && jsonTooDeep(text, depth - 1);
      }),
      { numRuns: 2_000, seed: 64 },
    );
  });

  it("carries strings and escapes across the chunks the text is encoded in", () => {
    for (let shift = -4; shift <= 4; shift++) {
      const pad = "a".repeat(SCAN_CHUNK_CHARS - 2 + shift);
      // An escaped quote, then brackets, all inside one string that straddles the boundary.
      const inside = `["${pad}\\"${"[".repeat(100)}"]`;
      expect(JSON.parse(inside)).toHaveLength(1);
      expect(jsonTooDeep(inside)).toBe(false);
      // An escaped backslash ends the string: the brackets after it count.
      const after = `["${pad}\\\\", ${nested(70)}]`;
      expect(JSON.parse(after)).toHaveLength(2);
      expect(jsonTooDeep(after)).toBe(true);
      // A surrogate pair split by the boundary is not mistaken for anything.
      const emoji = `["${"a".repeat(SCAN_CHUNK_CHARS - 3 + shift)}\u00e9😀${"[".repeat(80)}", ${nested(10)}]`;
      expect(jsonTooDeep(emoji)).toBe(false);
    }
  });

  it("stops at the first point past the limit (a hostile megabyte of brackets)", () => {
    expect(jsonTooDeep("[".repeat(5_000_000))).toBe(true);
  });
});

describe("sseTooDeep", () => {
  it("measures each event's data on its own, across its data lines", () => {
    const ok = Array.from({ length: 100 }, () => `data: ${nested(60)}\n\n`).join("") + "data: [DONE]\n\n";
    expect(sseTooDeep(ok)).toBe(false);
    // One event split over two data lines: 40 + 40 levels, joined by parseSseEvents into one document.
    const split = `data: ${"[".repeat(40)}\ndata: ${"[".repeat(40)}${"]".repeat(80)}\n\n`;
    expect(sseTooDeep(split)).toBe(true);
    expect(sseTooDeep(split.replace("\ndata: ", "\r\ndata: "))).toBe(true);
  });

  it("resets at blank lines (\\n, \\r\\n and \\r) and ignores non-data lines", () => {
    const halves = `data: ${"[".repeat(40)}\n\ndata: ${"[".repeat(40)}\n`;
    expect(sseTooDeep(halves)).toBe(false);
    expect(sseTooDeep(halves.replaceAll("\n", "\r\n"))).toBe(false);
    expect(sseTooDeep(halves.replaceAll("\n", "\r"))).toBe(false);
    expect(sseTooDeep(`: ${nested(100)}\nevent: ${nested(100)}\ndata: {}\n\n`)).toBe(false);
  });
});

describe("textPayloadTooDeep and embeddedTextTooDeep", () => {
  it("reads SSE as events and anything else as JSON text", () => {
    expect(textPayloadTooDeep(`data: ${nested(65)}\n\n`)).toBe(true);
    expect(textPayloadTooDeep(nested(65))).toBe(true);
    expect(textPayloadTooDeep(`${nested(30)}\n${nested(30)}`)).toBe(false);
  });

  it("looks inside a string record or an envelope's string response only", () => {
    expect(embeddedTextTooDeep(nested(65))).toBe(true);
    expect(embeddedTextTooDeep({ response: `data: ${nested(65)}` })).toBe(true);
    expect(embeddedTextTooDeep({ response: "data: {}" })).toBe(false);
    expect(embeddedTextTooDeep({ metadata: nested(65) })).toBe(false);
    expect(embeddedTextTooDeep(42)).toBe(false);
  });
});

describe("lineTooLong", () => {
  it("counts UTF-8 bytes, not characters", () => {
    expect(lineTooLong("a".repeat(10), 10)).toBe(false);
    expect(lineTooLong("a".repeat(11), 10)).toBe(true);
    expect(lineTooLong("é".repeat(5), 10)).toBe(false); // 2 bytes each
    expect(lineTooLong("é".repeat(6), 10)).toBe(true);
    expect(lineTooLong("€".repeat(4), 10)).toBe(true); // 3 bytes each
    expect(lineTooLong("😀".repeat(2), 8)).toBe(false); // surrogate pair, 4 bytes
    expect(lineTooLong("😀".repeat(3), 8)).toBe(true);
  });

  it("defaults to 4 MiB", () => {
    expect(BODY_LIMITS.lineBytes).toBe(4 * 1024 * 1024);
    expect(lineTooLong("x".repeat(BODY_LIMITS.lineBytes))).toBe(false);
    expect(lineTooLong("x".repeat(BODY_LIMITS.lineBytes + 1))).toBe(true);
  });
});

describe("assertions", () => {
  it("throws ApiError 400 too_deep and 413 too_many_records", () => {
    expect(() => assertNotTooDeep(nested(64))).not.toThrow();
    expect(() => assertNotTooDeep(nested(65))).toThrow(expect.objectContaining({ status: 400, code: "too_deep" }));
    expect(() => assertNotTooDeep(`data: ${nested(65)}`, textPayloadTooDeep)).toThrow(ApiError);
    expect(() => assertRecordCount(BODY_LIMITS.recordsPerBody)).not.toThrow();
    expect(() => assertRecordCount(BODY_LIMITS.recordsPerBody + 1)).toThrow(
      expect.objectContaining({ status: 413, code: "too_many_records" }),
    );
  });
});
