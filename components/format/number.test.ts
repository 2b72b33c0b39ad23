import { describe, expect, it } from "vitest";
import { MINUS, formatSigned, formatSignedCount, withMinus } from "./number";

describe("signed numbers", () => {
  it("writes negatives with U+2212, never a hyphen", () => {
    expect(formatSigned(-0.4114, 3)).toBe("−0.411");
    expect(formatSigned(-0.4114, 3).codePointAt(0)).toBe(0x2212);
    expect(formatSigned(2.5, 2)).toBe("2.50");
    expect(formatSignedCount(-12345)).toBe(`${MINUS}12,345`);
    expect(withMinus("3.1e-7")).toBe("3.1e−7");
  });

  it("shows infinities as symbols and a value that rounds to zero without a sign", () => {
    expect(formatSigned(-Infinity, 3)).toBe("−∞");
    expect(formatSigned(Infinity, 3)).toBe("∞");
    expect(formatSigned(-0.0001, 3)).toBe("0.000");
    expect(formatSigned(-0, 2)).toBe("0.00");
  });
});
