import { describe, expect, it } from "vitest";
import { bucketSizeMs } from "./granularity";

const HOUR = 3_600_000;
describe("bucketSizeMs", () => {
  it("gives 50-150 buckets for the usual ranges", () => {
    for (const span of [HOUR, 6 * HOUR, 24 * HOUR, 7 * 24 * HOUR, 14 * 24 * HOUR, 30 * 24 * HOUR, 90 * 24 * HOUR]) {
      const buckets = span / bucketSizeMs(span);
      expect(buckets, `span ${span / HOUR} h`).toBeGreaterThanOrEqual(40);
      expect(buckets).toBeLessThanOrEqual(150);
    }
    expect(bucketSizeMs(HOUR)).toBe(60_000);
    expect(bucketSizeMs(24 * HOUR)).toBe(15 * 60_000);
    expect(bucketSizeMs(14 * 24 * HOUR)).toBe(3 * HOUR);
  });
});

import { continuousPercentile } from "./timeseries";

describe("continuousPercentile", () => {
  it("interpolates at position p * (n - 1), as PostgreSQL's percentile_cont", () => {
    const values = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(continuousPercentile(values, 0.1)).toBeCloseTo(1.9, 12);
    expect(continuousPercentile(values, 0.9)).toBeCloseTo(9.1, 12);
    expect(continuousPercentile(values, 0.5)).toBeCloseTo(5.5, 12);
    expect(continuousPercentile(Float64Array.from([-0.5, -0.1]), 0.1)).toBeCloseTo(-0.46, 12);
    expect(continuousPercentile(Float64Array.from([-0.5, -0.1]), 0.9)).toBeCloseTo(-0.14, 12);
    expect(continuousPercentile(Float64Array.from([3]), 0.9)).toBe(3);
  });
});
