import { describe, expect, it } from "vitest";
import { bytesOrNull, describeValue, invalid, normalizeLogprob, probToLogprob } from "./guards";

describe("guards", () => {
  it("normalizes log(0) stand-ins to -Infinity and keeps everything else", () => {
    expect(normalizeLogprob(-9999)).toBe(-Infinity);
    expect(normalizeLogprob(-3.4028234663852886e38)).toBe(-Infinity);
    expect(normalizeLogprob(-9998.5)).toBe(-9998.5);
    expect(normalizeLogprob(0)).toBe(0);
  });

  it("converts probabilities to logprobs", () => {
    expect(probToLogprob(1)).toBe(0);
    expect(probToLogprob(0)).toBe(-Infinity);
    expect(probToLogprob(0.5)).toBeCloseTo(-Math.LN2, 15);
  });

  it("accepts only integer bytes 0..255, keeping the given array", () => {
    const bytes = [0, 128, 255];
    expect(bytesOrNull(bytes)).toBe(bytes);
    expect(bytesOrNull(null)).toBeNull();
    expect(bytesOrNull(undefined)).toBeNull();
    for (const bad of [[256], [-1], [1.5], [Number.NaN], ["1"], "abc", {}]) expect(bytesOrNull(bad)).toBeUndefined();
  });

  it("describes values briefly in messages", () => {
    expect(describeValue("x".repeat(100))).toBe(`string "${"x".repeat(36)}...`);
    expect(invalid("", "an object", 3).message).toBe("payload must be an object, got number 3");
    expect(invalid("a.b", "a string").message).toBe("a.b must be a string");
  });
});
