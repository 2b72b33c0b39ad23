import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { openAiChatPayloads } from "@/bench/openaiPayloads";
import { BODY_LIMITS } from "./bodyLimits";
import { prepareBody } from "./ingestBody";
import { recordRanges } from "./recordRanges";

const options = { now: Date.parse("2026-11-28T00:00:00Z"), lengthNormAlpha: 0.7 };
const payloads = openAiChatPayloads(3, 12, 5);
const envelope = (i: number, extra = "") => `{"id":"r-${i}","model":"m","tags":["t"]${extra},"response":${JSON.stringify(payloads[i % payloads.length])}}`;

/** What prepareBody answers for a body: the prepared batch, or the API error it throws. */
function outcome(body: string | Uint8Array, contentType = "application/json") {
  try {
    return { batch: prepareBody(body, contentType, options) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { error: { status: error.status, code: error.code, message: error.message } };
  }
}

/** The record-at-a-time path (bytes) answers exactly as the whole-body path (text) does. */
function expectSameAnswer(text: string | Buffer) {
  const bytes = typeof text === "string" ? Buffer.from(text) : text;
  const asText = bytes.toString("utf8");
  expect(outcome(new Uint8Array(bytes))).toEqual(outcome(asText));
}

const ranges = (text: string) => {
  const found = recordRanges(Buffer.from(text));
  if (found === null || found === "too_deep") return found;
  const parts: string[] = [];
  for (let i = 0; i < found.offsets.length; i += 2) parts.push(text.slice(found.offsets[i], found.offsets[i + 1]));
  return parts;
};

describe("recordRanges", () => {
  it("cuts both batch shapes into their elements, whitespace and all", () => {
    expect(ranges('[{"a":1}, {"b":[1,2]} ,3]')).toEqual(['{"a":1}', ' {"b":[1,2]} ', "3"]);
    expect(ranges(' \n{ "records" :\t[ "x,y" , {"c":"]}"}\n] }\r\n')).toEqual([' "x,y" ', ' {"c":"]}"}\n']);
    expect(ranges('{"records":["a\\",[{"]}')).toEqual(['"a\\",[{"']);
    expect(ranges("[]")).toEqual([]);
    expect(ranges("[ \n ]")).toEqual([]);
  });

  it("answers null for every other shape, so the whole-body path decides", () => {
    for (const text of ['{"id":"one"}', '{"records":[1],"more":2}', '{"x":1,"records":[1]}', '{"rec\\u006frds":[1]}', "[1] x", "[1", '{"records":[1}}', '{"records":[1]', "data: {}", "\uFEFF[1]", '"[1]"'])
      expect(ranges(text), text).toBeNull();
  });

  it("refuses nesting past the limit inside the records, as the whole-body scan does", () => {
    const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
    expect(ranges(`[${deep(BODY_LIMITS.nestingDepth - 1)}]`)).toHaveLength(1);
    expect(ranges(`[${deep(BODY_LIMITS.nestingDepth)}]`)).toBe("too_deep");
    expect(ranges(`{"records":[${deep(BODY_LIMITS.nestingDepth - 2)}]}`)).toHaveLength(1);
    expect(ranges(`{"records":[${deep(BODY_LIMITS.nestingDepth - 1)}]}`)).toBe("too_deep");
  });
});

describe("prepareBody on bytes: a record at a time, the same answers as the whole body", () => {
  it("prepares real-shaped batches identically", () => {
    const records = [0, 1, 2, 3].map((i) => envelope(i));
    expectSameAnswer(`{"records":[${records.join(",")}]}`);
    expectSameAnswer(`[\n${records.join(",\n")}\n]\n`);
    expectSameAnswer(`[${envelope(0)}, ${JSON.stringify(JSON.stringify(payloads[1]))}, 42, null, {"id":"bad"}]`);
  });

  it("reports the same errors: invalid JSON, trailing text, trailing comma, empty batch, too deep", () => {
    const good = envelope(0);
    for (const text of [
      `[${good}, {"id": nope}]`,
      `{"records":[${good}]} trailing`,
      `[${good},]`,
      `[${good},,${good}]`,
      "[]",
      '{"records":[ ]}',
      `[${good}, ${"[".repeat(70)}${"]".repeat(70)}]`,
      `{"records":[${good}]}${"[".repeat(70)}`,
      `{"records":[${good}],"records":[]}`,
      `${good}\n${good}`,
      `{"records":[${good}]}\n{"records":[${good}]}`,
    ]) {
      const answer = outcome(new Uint8Array(Buffer.from(text)));
      expect(answer, text.slice(0, 60)).toEqual(outcome(text));
    }
  });

  it("keeps invalid UTF-8 and non-ASCII text as the whole-body decode does", () => {
    const good = envelope(1, ',"metadata":{"note":"naïve — 日本 🎉"}');
    const broken = Buffer.concat([Buffer.from(`[${good},{"id":"x","metadata":{"b":"`), Buffer.from([0xc3, 0x22, 0xff]), Buffer.from(`"},"response":${JSON.stringify(payloads[0])}}]`)]);
    expectSameAnswer(broken);
    expectSameAnswer(`{"records":[${good}]}`);
  });

  it("leaves a body over the record limit to the whole-body path (413 before any record error)", () => {
    const text = `[${Array.from({ length: BODY_LIMITS.recordsPerBody + 1 }, () => "1").join(",")}]`;
    expect(outcome(new Uint8Array(Buffer.from(text)))).toEqual({ error: expect.objectContaining({ status: 413, code: "too_many_records" }) });
  });

  it("agrees with the whole-body path on arbitrary JSON values and their corruptions", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 6 }), fc.boolean(), fc.nat(), (records, wrapped, cut) => {
        const text = wrapped ? JSON.stringify({ records }) : JSON.stringify(records);
        expectSameAnswer(text);
        // Cut a byte out anywhere: now often invalid JSON, which both paths must report alike.
        const at = cut % text.length;
        expectSameAnswer(text.slice(0, at) + text.slice(at + 1));
      }),
      { numRuns: 300 },
    );
  });
});
