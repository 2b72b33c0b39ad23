import { describe, expect, it } from "vitest";
import { encodeTokens } from "@/lib/storage/tokenBlob";
import { tokenDetailOffThread } from "./getResponse";

const tokens = Array.from({ length: 3_000 }, (_, i) => ({ token: `t${i}`, logprob: -0.1, bytes: null, top: [] }));
const input = { tokensBlob: encodeTokens(tokens), promptTokensBlob: null, range: { start: 0, end: 2_000 } };

describe("tokenDetailOffThread", () => {
  it("shares one decode between concurrent readers of the same page, and decodes again afterwards", async () => {
    const [a, b] = await Promise.all([tokenDetailOffThread(7, input), tokenDetailOffThread(7, input)]);
    expect(a).toBe(b);
    expect(a.tokenPage).toEqual({ start: 0, end: 2_000, total: 3_000 });
    const other = await tokenDetailOffThread(7, { ...input, range: { start: 2_000, end: 4_000 } });
    expect(other.tokenPage).toEqual({ start: 2_000, end: 3_000, total: 3_000 });
    // Each reader resumes in an event-loop turn of its own: I/O gets in between.
    const order: string[] = [];
    const readers = Array.from({ length: 3 }, (_, i) => tokenDetailOffThread(8, input).then(() => order.push(`reader ${i}`)));
    await Promise.race(readers);
    setImmediate(() => order.push("io"));
    await Promise.all(readers);
    expect(order.indexOf("io")).toBeGreaterThan(0);
    expect(order.indexOf("io")).toBeLessThan(3);
    const later = await tokenDetailOffThread(7, input);
    expect(later).not.toBe(a);
    expect(later).toEqual(a);
  });

  it("counts the probability-0 tokens of every page, not only the first's (the sequence probability is then 0)", async () => {
    const withZero = tokens.map((token, i) => (i === 2_500 ? { ...token, logprob: -Infinity } : token));
    const detail = await tokenDetailOffThread(9, { ...input, tokensBlob: encodeTokens(withZero) });
    expect(detail.tokens).toHaveLength(2_000);
    expect(detail.zeroProbabilityTokens).toBe(1);
    expect((await tokenDetailOffThread(9, { ...input, tokensBlob: encodeTokens(withZero), range: { start: 0, end: 10 }, pageOnly: true })).zeroProbabilityTokens).toBeNull();
    expect((await tokenDetailOffThread(10, input)).zeroProbabilityTokens).toBe(0);
  });
});
