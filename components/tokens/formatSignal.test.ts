import { describe, expect, it } from "vitest";
import { formatBits, formatCount, formatLogprob, formatNats, formatNumber, formatProbability, formatProbabilityOfLogprob, formatShare } from "./formatSignal";

describe("formatProbability", () => {
  it("shows one decimal from 10%", () => {
    expect(formatProbability(Math.exp(-0.5))).toBe("60.7%");
    expect(formatProbability(Math.exp(-1.5))).toBe("22.3%");
    expect(formatProbability(0.1)).toBe("10.0%");
  });

  it("never rounds a probability short of 1 up to 100%", () => {
    expect(formatProbability(0.9996)).toBe("99.96%");
    expect(formatProbability(0.999996)).toBe("99.9996%");
    expect(formatProbability(1)).toBe("100%");
  });

  it("shows two decimals from 1%, two significant digits below, an exponent for the tiny", () => {
    expect(formatProbability(Math.exp(-3))).toBe("4.98%");
    expect(formatProbability(0.00045)).toBe("0.045%");
    expect(formatProbability(0.004)).toBe("0.40%");
    expect(formatProbability(3.1e-9)).toBe("3.1e−7%");
  });

  it("handles zero and unknown", () => {
    expect(formatProbability(0)).toBe("0%");
    expect(formatProbability(null)).toBe("n/a");
  });
});

describe("formatProbabilityOfLogprob", () => {
  it("is formatProbability of exp(logprob) where exp() can represent it", () => {
    expect(formatProbabilityOfLogprob(-3.67)).toBe("2.55%");
    expect(formatProbabilityOfLogprob(0)).toBe("100%");
  });

  it("keeps a whole sequence's tiny probability instead of rounding it to 0%", () => {
    // exp(−2000) underflows; 10^(−2000 / ln 10 + 2) % = 2.6e−867 %.
    expect(formatProbabilityOfLogprob(-2000)).toBe("2.6e−867%");
    expect(formatProbabilityOfLogprob(-Infinity)).toBe("0%");
    expect(formatProbabilityOfLogprob(null)).toBe("n/a");
  });
});

describe("formatLogprob, formatBits, formatNats, formatNumber, formatCount, formatShare", () => {
  it("uses a real minus sign", () => {
    expect(formatLogprob(-0.5)).toBe("−0.500");
    expect(formatLogprob(0)).toBe("0.000");
    expect(formatLogprob(null)).toBe("n/a");
    expect(formatLogprob(-Infinity)).toBe("−∞");
    expect(formatCount(-1200)).toBe("−1,200");
    expect(formatNats(-1.234)).toBe("−1.23 nats");
    expect(formatNumber(-7.6862)).toBe("−7.69");
  });

  it("names the unit", () => {
    expect(formatBits(1.5157)).toBe("1.52 bits");
    expect(formatBits(null)).toBe("n/a");
    expect(formatNats(0.5)).toBe("0.50 nats");
  });

  it("keeps decimals on measured numbers, separators on counts, shares as percentages", () => {
    expect(formatNumber(-3, 3)).toBe("−3.000");
    expect(formatCount(4000)).toBe("4,000");
    expect(formatNumber(null)).toBe("n/a");
    expect(formatShare(0.1569)).toBe("15.7%");
  });
});
