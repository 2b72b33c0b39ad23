/**
 * Data preparation for the logprob-by-position chart (data -> prepare -> render): recharts
 * only draws what these return. Long responses are bucketed so the chart stays light; each
 * bucket keeps its mean and its minimum, since the dips are what a reader looks for.
 */
export interface LogprobPoint {
  /** First token position of the bucket. */
  position: number;
  /** Mean of the bucket's finite logprobs (−∞ when it holds only tokens of probability 0); null (a gap) when it has none. */
  logprob: number | null;
  /** −∞ when the bucket holds a token of probability 0. */
  minLogprob: number | null;
  /** Token with the bucket's minimum: where a click on the bucket jumps. */
  minPosition: number;
}

export interface LogprobSeries {
  points: LogprobPoint[];
  bucketSize: number;
}

export const MAX_CHART_POINTS = 600;

export function logprobByPosition(tokens: ReadonlyArray<{ logprob: number | null }>, maxPoints = MAX_CHART_POINTS): LogprobSeries {
  const bucketSize = Math.max(1, Math.ceil(tokens.length / maxPoints));
  const points: LogprobPoint[] = [];
  for (let start = 0; start < tokens.length; start += bucketSize) {
    let sum = 0;
    let count = 0;
    let zero = false;
    let min = Infinity;
    let minPosition = start;
    const end = Math.min(tokens.length, start + bucketSize);
    for (let position = start; position < end; position++) {
      const logprob = tokens[position]?.logprob ?? null;
      if (logprob === null || Number.isNaN(logprob)) continue;
      // Probability 0: the bucket's minimum (the first such token), kept out of the mean as the metrics keep it out of their sums.
      if (logprob === -Infinity) {
        if (!zero) minPosition = position;
        zero = true;
        min = -Infinity;
        continue;
      }
      sum += logprob;
      count++;
      if (logprob < min) {
        min = logprob;
        minPosition = position;
      }
    }
    const mean = count > 0 ? sum / count : zero ? -Infinity : null;
    points.push({ position: start, logprob: mean, minLogprob: count > 0 || zero ? min : null, minPosition });
  }
  return { points, bucketSize };
}

export interface HotspotMark {
  position: number;
  logprob: number;
  entropyBits: number;
}

/**
 * Chart markers for the `limit` highest-entropy hotspots, at their token's logprob, in
 * position order. Hotspots whose token has no finite logprob have no place on the y axis.
 */
export function hotspotMarks(
  tokens: ReadonlyArray<{ logprob: number | null }>,
  hotspots: ReadonlyArray<{ position: number; entropyBits: number }>,
  limit = 40,
): HotspotMark[] {
  const marks: HotspotMark[] = [];
  for (const hotspot of hotspots) {
    const logprob = tokens[hotspot.position]?.logprob ?? null;
    if (logprob !== null && Number.isFinite(logprob)) marks.push({ position: hotspot.position, logprob, entropyBits: hotspot.entropyBits });
  }
  return marks
    .sort((a, b) => b.entropyBits - a.entropyBits)
    .slice(0, limit)
    .sort((a, b) => a.position - b.position);
}

/** A chart point with the hotspot drawn in its bucket, if any (the highest-entropy one). */
export interface LogprobChartPoint extends LogprobPoint {
  /** The bucket holds a token of probability 0: its minimum is drawn at the axis bottom. */
  zeroProbability?: true;
  hotspotLogprob: number | null;
  hotspotEntropyBits: number | null;
  hotspotPosition: number | null;
}

/**
 * The hotspot marks folded into the series' own points. As a separate series with its own data,
 * the marks had their own indexes: the tooltip and the click then named the n-th hotspot's
 * neighbour instead of the token under the cursor. One data array keeps one index per x.
 */
export function withHotspotMarks(points: readonly LogprobPoint[], bucketSize: number, marks: readonly HotspotMark[]): LogprobChartPoint[] {
  const chartPoints: LogprobChartPoint[] = points.map((point) => ({ ...point, hotspotLogprob: null, hotspotEntropyBits: null, hotspotPosition: null }));
  for (const mark of marks) {
    const point = chartPoints[Math.floor(mark.position / bucketSize)];
    if (!point || (point.hotspotEntropyBits !== null && point.hotspotEntropyBits >= mark.entropyBits)) continue;
    point.hotspotLogprob = mark.logprob;
    point.hotspotEntropyBits = mark.entropyBits;
    point.hotspotPosition = mark.position;
  }
  return chartPoints;
}

/**
 * The y axis of the logprob chart: evenly spaced whole ticks from 0 down past the lowest point
 * (at least to `floor`, so the low-confidence line at −3 always shows), 1, 2, 5, 10… apart so
 * that at most 6 steps fit. Recharts' own ticks on a domain like [−7, 0] were uneven (0, −1, −3, −5, −7).
 */
/** A point as drawn: −∞ (probability 0) pinned to the axis bottom and marked, since a chart cannot draw −∞. */
export function pinZeroProbability(points: readonly LogprobPoint[], bottom: number): Array<LogprobPoint & { zeroProbability?: true }> {
  return points.map((point) =>
    point.minLogprob === -Infinity
      ? { ...point, minLogprob: bottom, logprob: point.logprob === -Infinity ? bottom : point.logprob, zeroProbability: true as const }
      : point,
  );
}

export function logprobAxis(points: readonly LogprobPoint[], floor: number): { domain: [number, number]; ticks: number[] } {
  let low = floor;
  for (const point of points) {
    for (const value of [point.logprob, point.minLogprob]) if (value !== null && Number.isFinite(value)) low = Math.min(low, value);
  }
  const depth = -low;
  const step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000].find((candidate) => depth / candidate <= 6) ?? Math.ceil(depth / 6);
  const bottom = -step * Math.ceil(depth / step);
  const ticks: number[] = [];
  for (let tick = bottom; tick <= 0; tick += step) ticks.push(tick);
  return { domain: [bottom, 0], ticks };
}
