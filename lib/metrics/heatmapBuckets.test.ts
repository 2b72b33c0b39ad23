import { describe, expect, it } from "vitest";
import { positionBucket, positionBucketRange, probBucket, PROB_BUCKET_COUNT } from "./heatmapBuckets";

describe("positionBucket", () => {
  it("uses tens below 100 and 4 log-spaced buckets per decade above", () => {
    expect(positionBucket(0)).toBe(0);
    expect(positionBucket(9)).toBe(0);
    expect(positionBucket(10)).toBe(1);
    expect(positionBucket(99)).toBe(9);
    expect(positionBucket(100)).toBe(10);
    expect(positionBucket(177)).toBe(10);
    expect(positionBucket(178)).toBe(11);
    expect(positionBucket(999)).toBe(13);
    expect(positionBucket(1000)).toBe(14);
  });

  it("has ranges that tile the positions without gaps", () => {
    for (let position = 0; position < 20_000; position++) {
      const [start, end] = positionBucketRange(positionBucket(position));
      expect(position).toBeGreaterThanOrEqual(start);
      expect(position).toBeLessThan(end);
    }
  });
});

describe("probBucket", () => {
  it("splits tenths and separates near-certain tokens", () => {
    expect(probBucket(0)).toBe(0);
    expect(probBucket(0.05)).toBe(0);
    expect(probBucket(0.1)).toBe(1);
    expect(probBucket(0.899)).toBe(8);
    expect(probBucket(0.9)).toBe(9);
    expect(probBucket(0.995)).toBe(10);
    expect(probBucket(1)).toBe(PROB_BUCKET_COUNT - 1);
  });
});
