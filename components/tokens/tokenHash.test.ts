import { describe, expect, it } from "vitest";
import { parseTokenHash, tokenHash } from "./tokenHash";

describe("tokenHash / parseTokenHash", () => {
  it("round-trips a token index", () => {
    expect(tokenHash(123)).toBe("#t=123");
    expect(parseTokenHash(tokenHash(123), 200)).toBe(123);
    expect(parseTokenHash("t=0", 1)).toBe(0);
  });

  it("ignores fragments that name no token of this response", () => {
    expect(parseTokenHash("#t=200", 200)).toBeNull();
    expect(parseTokenHash("#t=-1", 10)).toBeNull();
    expect(parseTokenHash("#t=1x", 10)).toBeNull();
    expect(parseTokenHash("#section", 10)).toBeNull();
    expect(parseTokenHash("", 10)).toBeNull();
  });
});
