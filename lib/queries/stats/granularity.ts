/**
 * Bucket size from the span: the smallest of these steps giving at most 150 buckets, so
 * ranges from an hour to a quarter land between ~50 and 150 points (langfuse-style).
 */
export const BUCKET_STEPS_MS = [
  60_000, 5 * 60_000, 15 * 60_000, 30 * 60_000,
  3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000,
  86_400_000, 7 * 86_400_000,
] as const;

export const MAX_BUCKETS = 150;

export function bucketSizeMs(spanMs: number): number {
  for (const step of BUCKET_STEPS_MS) if (spanMs / step <= MAX_BUCKETS) return step;
  return BUCKET_STEPS_MS[BUCKET_STEPS_MS.length - 1] as number;
}

/** Aligns a bucket start to the step (UTC), so buckets are stable while the range slides. */
export function alignDown(time: number, step: number): number {
  return Math.floor(time / step) * step;
}
