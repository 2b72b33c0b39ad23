import { describe, expect, it } from "vitest";
import { formatChange, formatDetectorValue, formatSigned, formatSignedCount, MINUS, withMinus } from "./number";

describe("formatSigned", () => {
  it("prints U+2212 for negatives, never a hyphen", () => {
    expect(formatSigned(-0.4111, 3)).toBe("\u22120.411");
    expect(formatSigned(-0.4111, 3)).not.toContain("-");
    expect(formatSigned(2.5, 1)).toBe("2.5");
    expect(formatSigned(-Infinity, 2)).toBe(`${MINUS}∞`);
    expect(formatSigned(Number.NaN, 2)).toBe("—");
  });

  it("drops the sign of a value that rounds to zero", () => {
    expect(formatSigned(-0.0001, 3)).toBe("0.000");
    expect(formatSigned(-0, 1)).toBe("0.0");
  });

  it("signs changes both ways", () => {
    expect(formatChange(1.25, 1)).toBe("+1.3");
    expect(formatChange(-0.3, 1)).toBe(`${MINUS}0.3`);
  });
});

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

describe("formatDetectorValue", () => {
  it("prints counts whole with separators and other values to 3 decimals under 1, 2 above", () => {
    expect(formatDetectorValue(1204)).toBe("1,204");
    expect(formatDetectorValue(-3)).toBe(`${MINUS}3`);
    expect(formatDetectorValue(-0.41234)).toBe(`${MINUS}0.412`);
    expect(formatDetectorValue(-3.5)).toBe(`${MINUS}3.50`);
  });
});
