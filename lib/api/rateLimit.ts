import { env } from "@/lib/config/env";
import { ApiError } from "./errors";

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Past this many buckets, full ones (indistinguishable from absent) are dropped. */
const PRUNE_AT = 10_000;

/**
 * Token bucket per key, in memory (one process): holds `ratePerMinute` tokens, refills
 * continuously at ratePerMinute / 60 per second, and each request takes one. A burst of a
 * minute's worth passes at once; after that, requests pass at the steady rate.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    readonly ratePerMinute: number,
    /** Milliseconds, monotonic; injectable so tests need no sleeps. */
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(ratePerMinute > 0)) throw new Error("ratePerMinute must be positive");
    this.perMs = ratePerMinute / 60_000;
  }

  /** Takes a token for `key` when one is available; otherwise says how long until one is. */
  take(key: string): RateDecision {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= PRUNE_AT) this.pruneFull(now);
      bucket = { tokens: this.ratePerMinute, updatedAt: now };
      this.buckets.set(key, bucket);
    } else {
      this.refill(bucket, now);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const waitMs = (1 - bucket.tokens) / this.perMs;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  private refill(bucket: Bucket, now: number): void {
    const elapsed = now - bucket.updatedAt;
    if (elapsed <= 0) return;
    bucket.tokens = Math.min(this.ratePerMinute, bucket.tokens + elapsed * this.perMs);
    bucket.updatedAt = now;
  }

  private pruneFull(now: number): void {
    for (const [key, bucket] of this.buckets) {
      this.refill(bucket, now);
      if (bucket.tokens >= this.ratePerMinute) this.buckets.delete(key);
    }
  }
}

// One limiter per process, kept across dev-server module reloads; rebuilt when the rate changes
// (tests change LOUPE_INGEST_RATE_PER_MINUTE and call resetEnvCache).
const globalForLimiter = globalThis as unknown as { loupeIngestLimiter?: TokenBucketLimiter };

/**
 * Charges one ingest request to `keyId` (LOUPE_INGEST_RATE_PER_MINUTE per key, 0 = unlimited);
 * throws 429 `rate_limited` with Retry-After when the key's bucket is empty.
 */
export function enforceIngestRateLimit(keyId: string): void {
  const rate = env().LOUPE_INGEST_RATE_PER_MINUTE;
  if (rate === 0) return;
  let limiter = globalForLimiter.loupeIngestLimiter;
  if (limiter?.ratePerMinute !== rate) limiter = globalForLimiter.loupeIngestLimiter = new TokenBucketLimiter(rate);
  const decision = limiter.take(keyId);
  if (decision.allowed) return;
  throw new ApiError(
    429,
    "rate_limited",
    `ingest rate limit of ${rate} requests per minute for this API key exceeded; retry in ${decision.retryAfterSeconds} s`,
    { limitPerMinute: rate, retryAfterSeconds: decision.retryAfterSeconds },
    { "Retry-After": String(decision.retryAfterSeconds) },
  );
}

/** Test hook: forget every bucket. */
export function resetIngestRateLimit(): void {
  globalForLimiter.loupeIngestLimiter = undefined;
}
