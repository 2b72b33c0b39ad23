/**
 * Data preparation for the logprob-by-position chart (data -> prepare -> render): recharts
 * only draws what these return. Long responses are bucketed so the chart stays light; each
 * bucket keeps its mean and its minimum, since the dips are what a reader looks for.
 */
export interface LogprobPoint {
  /** First token position of the bucket. */
  position: number;
  /** Mean of the bucket's finite logprobs; null (a gap) when it has none. */
  logprob: number | null;
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
    let min = Infinity;
    let minPosition = start;
    const end = Math.min(tokens.length, start + bucketSize);
    for (let position = start; position < end; position++) {
      const logprob = tokens[position]?.logprob ?? null;
      if (logprob === null || !Number.isFinite(logprob)) continue;
      sum += logprob;
      count++;
      if (logprob < min) {
        min = logprob;
        minPosition = position;
      }
    }
    points.push({ position: start, logprob: count > 0 ? sum / count : null, minLogprob: count > 0 ? min : null, minPosition });
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
