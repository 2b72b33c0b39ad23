/**
 * Bucket schemes of the position x confidence heatmap, shared by ingest (which counts tokens
 * into rollups) and the dashboard (which labels the axes).
 */

/** Positions 0-9, 10-19, ... 90-99, then log-spaced: 4 buckets per decade from 100. */
export function positionBucket(position: number): number {
  if (position < 100) return Math.floor(position / 10);
  return 10 + Math.floor(4 * Math.log10(position / 100) + 1e-9);
}

/** Inclusive start and exclusive end of a position bucket. */
export function positionBucketRange(bucket: number): [number, number] {
  if (bucket < 10) return [bucket * 10, bucket * 10 + 10];
  const start = Math.ceil(100 * Math.pow(10, (bucket - 10) / 4) - 1e-9);
  const end = Math.ceil(100 * Math.pow(10, (bucket - 9) / 4) - 1e-9);
  return [start, end];
}

export function positionBucketLabel(bucket: number): string {
  const [start, end] = positionBucketRange(bucket);
  return `${start}–${end - 1}`;
}

/** Probability bucket edges: tenths, with the last tenth split at 0.99 to separate near-certain tokens. */
export const PROB_BUCKET_EDGES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99, 1] as const;
export const PROB_BUCKET_COUNT = PROB_BUCKET_EDGES.length - 1;

export function probBucket(probability: number): number {
  if (!(probability > 0)) return 0;
  if (probability >= 0.99) return PROB_BUCKET_COUNT - 1;
  if (probability >= 0.9) return PROB_BUCKET_COUNT - 2;
  return Math.min(Math.floor(probability * 10), 8);
}

export function probBucketLabel(bucket: number): string {
  const low = PROB_BUCKET_EDGES[bucket] ?? 0;
  const high = PROB_BUCKET_EDGES[bucket + 1] ?? 1;
  return `${low.toFixed(2)}–${high.toFixed(2)}`;
}
