import type { TimeseriesData } from "@/components/data/queries";

export interface TimeseriesRow {
  t: number;
  /** Per series key: the mean, or null where the bucket had no responses (drawn as a gap). */
  [series: string]: number | null | [number, number] | undefined;
}

export interface PreparedTimeseries {
  rows: TimeseriesRow[];
  /** Series in order: `dataKey` is a safe column name (recharts reads dots in keys as paths), `name` the model or tag. */
  series: Array<{ dataKey: string; name: string; pointCount: number }>;
  bucketMs: number;
  /** Y domain covering every band, padded to a half nat, topped at 0 (logprobs are ≤ 0). */
  yDomain: [number, number];
  /** Round ticks across the domain (0.5 or 1 nat apart). */
  yTicks: number[];
}

/** Data key of a series' p10–p90 band. */
export const bandKey = (key: string) => `${key}__band`;
/** Data key of a series' response count per bucket (0 where empty). */
export const countKey = (key: string) => `${key}__n`;

/**
 * Fills every bucket between `from` and `to` (the one place gaps are filled): a bucket with
 * no responses gets null for the mean and the band, so lines break instead of interpolating.
 */
export function prepareTimeseries(data: TimeseriesData): PreparedTimeseries {
  const series = data.series.map((entry, index) => ({ dataKey: `s${index}`, name: entry.key, pointCount: entry.points.length }));
  const keys = series.map((entry) => entry.dataKey);
  const byTime = new Map<number, TimeseriesRow>();
  for (let t = data.from; t < data.to; t += data.bucketMs) {
    const row: TimeseriesRow = { t };
    for (const key of keys) {
      row[key] = null;
      row[bandKey(key)] = null;
      row[countKey(key)] = 0;
    }
    byTime.set(t, row);
  }
  let low = 0;
  data.series.forEach((entry, index) => {
    const key = `s${index}`;
    for (const point of entry.points) {
      low = Math.min(low, point.p10, point.mean);
      const row = byTime.get(point.t);
      if (!row) continue;
      row[key] = point.mean;
      row[bandKey(key)] = [point.p10, point.p90];
      row[countKey(key)] = point.count;
    }
  });
  const bottom = Math.floor(low * 2) / 2 || -0.5;
  const step = bottom < -3 ? 1 : 0.5;
  const yTicks: number[] = [];
  for (let tick = 0; tick >= bottom - 1e-9; tick -= step) yTicks.unshift(Number(tick.toFixed(1)));
  return { rows: [...byTime.values()], series, bucketMs: data.bucketMs, yDomain: [yTicks[0] ?? bottom, 0], yTicks };
}

/** Axis label for a bucket start, at the bucket's resolution. */
export function formatBucketTime(t: number, bucketMs: number): string {
  const date = new Date(t);
  if (bucketMs >= 86_400_000) return date.toLocaleDateString(undefined, { month: "short", day: "numeric" });
  if (bucketMs >= 3_600_000) return date.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit" });
  return date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}
