import { describe, expect, it } from "vitest";
import { hotspotMarks, logprobAxis, logprobByPosition, pinZeroProbability, withHotspotMarks } from "./logprobChartData";

const tokens = (logprobs: Array<number | null>) => logprobs.map((logprob) => ({ logprob }));

describe("logprobByPosition", () => {
  it("keeps one point per token when the response is short", () => {
    const series = logprobByPosition(tokens([-0.1, -2, null]));
    expect(series.bucketSize).toBe(1);
    expect(series.points).toEqual([
      { position: 0, logprob: -0.1, minLogprob: -0.1, minPosition: 0 },
      { position: 1, logprob: -2, minLogprob: -2, minPosition: 1 },
      { position: 2, logprob: null, minLogprob: null, minPosition: 2 },
    ]);
  });

  it("buckets long responses, keeping each bucket's mean, minimum and where the minimum is", () => {
    const series = logprobByPosition(tokens([-1, -3, -2, null, -4]), 3);
    expect(series.bucketSize).toBe(2);
    expect(series.points).toEqual([
      { position: 0, logprob: -2, minLogprob: -3, minPosition: 1 },
      { position: 2, logprob: -2, minLogprob: -2, minPosition: 2 },
      { position: 4, logprob: -4, minLogprob: -4, minPosition: 4 },
    ]);
  });

  it("makes a token of probability 0 its bucket's minimum, drawn at the axis bottom, not a gap", () => {
    const series = logprobByPosition(tokens([-1, -Infinity, -2, -0.5, -Infinity, null]), 3);
    expect(series.points).toEqual([
      { position: 0, logprob: -1, minLogprob: -Infinity, minPosition: 1 },
      { position: 2, logprob: -1.25, minLogprob: -2, minPosition: 2 },
      { position: 4, logprob: -Infinity, minLogprob: -Infinity, minPosition: 4 },
    ]);
    const bottom = logprobAxis(series.points, -3).domain[0];
    expect(bottom).toBe(-3);
    expect(pinZeroProbability(series.points, bottom)).toEqual([
      { position: 0, logprob: -1, minLogprob: -3, minPosition: 1, zeroProbability: true },
      { position: 2, logprob: -1.25, minLogprob: -2, minPosition: 2 },
      { position: 4, logprob: -3, minLogprob: -3, minPosition: 4, zeroProbability: true },
    ]);
  });

  it("never exceeds the point budget", () => {
    const long = tokens(Array.from({ length: 4000 }, (_, i) => -(i % 7)));
    expect(logprobByPosition(long, 600).points.length).toBeLessThanOrEqual(600);
  });

  it("returns no points for no tokens", () => {
    expect(logprobByPosition([]).points).toEqual([]);
  });
});

describe("hotspotMarks", () => {
  it("keeps the highest-entropy hotspots with a finite logprob, in position order", () => {
    const marks = hotspotMarks(
      tokens([-1, -2, null, -4]),
      [
        { position: 0, entropyBits: 1.6 },
        { position: 1, entropyBits: 3 },
        { position: 2, entropyBits: 4 },
        { position: 3, entropyBits: 2 },
      ],
      2,
    );
    expect(marks).toEqual([
      { position: 1, logprob: -2, entropyBits: 3 },
      { position: 3, logprob: -4, entropyBits: 2 },
    ]);
  });
});

describe("withHotspotMarks", () => {
  it("puts each hotspot on its own point, so the chart has one index per position", () => {
    const { points, bucketSize } = logprobByPosition(tokens([-0.1, -1, -0.2, -2]));
    const chart = withHotspotMarks(points, bucketSize, [{ position: 3, logprob: -2, entropyBits: 2.1 }]);
    expect(chart.map((point) => point.position)).toEqual([0, 1, 2, 3]);
    expect(chart[3]).toMatchObject({ position: 3, hotspotLogprob: -2, hotspotEntropyBits: 2.1, hotspotPosition: 3 });
    expect(chart.slice(0, 3).every((point) => point.hotspotLogprob === null)).toBe(true);
  });

  it("keeps a bucket's highest-entropy hotspot", () => {
    const { points, bucketSize } = logprobByPosition(tokens([-1, -2, -3, -4, -5, -6]), 3);
    expect(bucketSize).toBe(2);
    const chart = withHotspotMarks(points, bucketSize, [
      { position: 2, logprob: -3, entropyBits: 1.8 },
      { position: 3, logprob: -4, entropyBits: 2.5 },
    ]);
    expect(chart[1]).toMatchObject({ position: 2, hotspotPosition: 3, hotspotLogprob: -4 });
    expect(chart[0]?.hotspotPosition).toBeNull();
  });
});

describe("logprobAxis", () => {
  const at = (logprob: number | null, minLogprob: number | null = logprob) => ({ position: 0, logprob, minLogprob, minPosition: 0 });
  it("spaces whole ticks evenly from 0 down past the lowest point, never above the floor", () => {
    expect(logprobAxis([at(-0.5)], -4)).toEqual({ domain: [-4, 0], ticks: [-4, -3, -2, -1, 0] });
    expect(logprobAxis([at(-1, -6)], -4)).toEqual({ domain: [-6, 0], ticks: [-6, -5, -4, -3, -2, -1, 0] });
    expect(logprobAxis([at(-1, -6.6)], -4)).toEqual({ domain: [-8, 0], ticks: [-8, -6, -4, -2, 0] });
    expect(logprobAxis([at(-2, -9.2)], -4)).toEqual({ domain: [-10, 0], ticks: [-10, -8, -6, -4, -2, 0] });
    expect(logprobAxis([at(-3, -23)], -4)).toEqual({ domain: [-25, 0], ticks: [-25, -20, -15, -10, -5, 0] });
  });
  it("leaves gaps and probability-0 tokens out of the range", () => {
    expect(logprobAxis([at(null), at(-Infinity), at(-1)], -4).domain).toEqual([-4, 0]);
  });
});
