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
