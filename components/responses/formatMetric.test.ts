import { FLAG_RULES, flagName } from "@/lib/metrics/flags";
import { describe, expect, it } from "vitest";
import {
  avgLogprobTone,
  flagCondition,
  flagShortLabel,
  flagTitle,
  formatAvgLogprob,
  formatEntropyBits,
  formatPerplexity,
  formatRelativeTime,
  formatTokenCount,
} from "./formatMetric";

describe("metric formatting", () => {
  it("writes avgLogprob with 3 decimals and never -0.000", () => {
    expect(formatAvgLogprob(-0.123456)).toBe("\u22120.123");
    expect(formatAvgLogprob(-3.2589)).toBe("\u22123.259");
    expect(formatAvgLogprob(-0.0001)).toBe("0.000");
    expect(formatAvgLogprob(null)).toBe("—");
    expect(formatAvgLogprob(-Infinity)).toBe("\u2212∞");
  });

  it("writes perplexity with 2 decimals, exponent form when huge", () => {
    expect(formatPerplexity(26.02312)).toBe("26.02");
    expect(formatPerplexity(1)).toBe("1.00");
    expect(formatPerplexity(123_456_789)).toBe("1.23e+8");
    expect(formatPerplexity(Infinity)).toBe("∞");
    expect(formatPerplexity(undefined)).toBe("—");
  });

  it("writes entropy with 2 decimals and token counts with separators", () => {
    expect(formatEntropyBits(2.060093)).toBe("2.06");
    expect(formatEntropyBits(0)).toBe("0.00");
    expect(formatEntropyBits(null)).toBe("—");
    expect(formatTokenCount(12345)).toBe("12,345");
  });
});

describe("formatRelativeTime", () => {
  const now = Date.UTC(2026, 10, 23, 12, 0, 0);
  it("steps from seconds to minutes, hours and days", () => {
    expect(formatRelativeTime(now - 10_000, now)).toBe("just now");
    expect(formatRelativeTime(now - 50_000, now)).toBe("1m ago");
    expect(formatRelativeTime(now - 5 * 60_000, now)).toBe("5m ago");
    expect(formatRelativeTime(now - 3 * 3_600_000, now)).toBe("3h ago");
    expect(formatRelativeTime(now - 2 * 86_400_000, now)).toBe("2d ago");
  });
  it("gives the date past 30 days and handles clock skew", () => {
    expect(formatRelativeTime(Date.UTC(2026, 0, 2, 3), now)).toBe("2026-01-02");
    expect(formatRelativeTime(now + 5 * 60_000, now)).toBe("in 5m");
    expect(formatRelativeTime(now + 5_000, now)).toBe("just now");
  });
});

describe("avgLogprobTone", () => {
  it("tints blue when confident, nothing in the middle, orange when unsure", () => {
    expect(avgLogprobTone(-0.05)).toContain("sky");
    expect(avgLogprobTone(-0.3)).toBe("");
    expect(avgLogprobTone(-1)).toContain("amber");
    expect(avgLogprobTone(-2)).toContain("orange-50");
    expect(avgLogprobTone(-3.5)).toContain("orange-100");
    expect(avgLogprobTone(null)).toBe("");
  });
});

describe("flag labels", () => {
  it("uses the rule's label and shows the value that fired it", () => {
    // One name per flag on every screen: the explorer badge says what the alert feed says.
    for (const rule of FLAG_RULES) expect(flagShortLabel(rule.rule)).toBe(flagName(rule.rule));
    expect(flagShortLabel("suddenDrops")).toBe("sudden drops");
    expect(flagShortLabel("someFutureRule")).toBe("someFutureRule");
    expect(flagTitle({ rule: "highPerplexity", value: 26.02312121, threshold: 15 })).toBe("high perplexity (perplexity > 15): value 26.02");
    expect(flagTitle({ rule: "lowAvgLogprob", value: -3.5, threshold: -3 })).toBe("low avg logprob (avgLogprob < \u22123): value \u22123.5");
    expect(flagTitle({ rule: "suddenDrops", value: 2, threshold: 0 })).toBe("sudden drops (suddenDrops > 0): value 2");
  });

  it("names the threshold stored on the flag, not the default rule's", () => {
    // A project that lowered highPerplexity to 8: a response at 10 fired at 8, not at the default 15.
    expect(flagTitle({ rule: "highPerplexity", value: 10, threshold: 8 })).toBe("high perplexity (perplexity > 8): value 10");
    expect(flagCondition({ rule: "lowAvgLogprob", threshold: -2.5 })).toBe("avgLogprob < \u22122.5");
    expect(flagCondition({ rule: "repetitionLoop", threshold: 0.3 })).toBe("threshold 0.3");
  });
});
