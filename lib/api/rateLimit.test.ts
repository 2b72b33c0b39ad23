import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/config/env";
import { ApiError } from "./errors";
import { enforceIngestRateLimit, resetIngestRateLimit, TokenBucketLimiter } from "./rateLimit";

/** A clock the test moves by hand, in milliseconds. */
function manualClock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("TokenBucketLimiter", () => {
  it("lets a full minute's burst through, then refuses with the wait until the next token", () => {
    const clock = manualClock();
    const limiter = new TokenBucketLimiter(60, clock.now); // one token per second
    for (let i = 0; i < 60; i++) expect(limiter.take("k")).toEqual({ allowed: true });
    expect(limiter.take("k")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(999);
    expect(limiter.take("k").allowed).toBe(false);
    clock.advance(1);
    expect(limiter.take("k")).toEqual({ allowed: true });
    expect(limiter.take("k").allowed).toBe(false);
  });

  it("refills continuously at rate/60 per second, never above capacity", () => {
    const clock = manualClock();
    const limiter = new TokenBucketLimiter(120, clock.now); // two tokens per second
    for (let i = 0; i < 120; i++) limiter.take("k");
    clock.advance(1_500); // 3 tokens
    expect([1, 2, 3, 4].map(() => limiter.take("k").allowed)).toEqual([true, true, true, false]);
    clock.advance(3_600_000); // an hour idle refills to capacity, not beyond
    let passed = 0;
    while (limiter.take("k").allowed) passed++;
    expect(passed).toBe(120);
  });

  it("answers Retry-After in whole seconds, at least 1, for slow rates", () => {
    const clock = manualClock();
    const limiter = new TokenBucketLimiter(2, clock.now); // one token per 30 s
    limiter.take("k");
    limiter.take("k");
    expect(limiter.take("k")).toEqual({ allowed: false, retryAfterSeconds: 30 });
    clock.advance(29_500);
    expect(limiter.take("k")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(500);
    expect(limiter.take("k").allowed).toBe(true);
  });

  it("does not charge refused requests", () => {
    const clock = manualClock();
    const limiter = new TokenBucketLimiter(60, clock.now);
    for (let i = 0; i < 60; i++) limiter.take("k");
    for (let i = 0; i < 100; i++) limiter.take("k"); // all refused
    clock.advance(1_000);
    expect(limiter.take("k").allowed).toBe(true);
  });

  it("keeps one bucket per key", () => {
    const clock = manualClock();
    const limiter = new TokenBucketLimiter(3, clock.now);
    for (let i = 0; i < 3; i++) limiter.take("a");
    expect(limiter.take("a").allowed).toBe(false);
    expect(limiter.take("b").allowed).toBe(true);
  });

  it("ignores a clock that steps backwards", () => {
    const clock = manualClock();
    const limiter = new TokenBucketLimiter(60, clock.now);
    for (let i = 0; i < 60; i++) limiter.take("k");
    clock.advance(-5_000);
    expect(limiter.take("k").allowed).toBe(false);
    clock.advance(6_000);
    expect(limiter.take("k").allowed).toBe(true);
  });

  it("refuses a non-positive rate (0 means unlimited and never builds a limiter)", () => {
    expect(() => new TokenBucketLimiter(0)).toThrow();
  });
});

describe("enforceIngestRateLimit", () => {
  const saved = process.env.LOUPE_INGEST_RATE_PER_MINUTE;
  afterEach(() => {
    if (saved === undefined) delete process.env.LOUPE_INGEST_RATE_PER_MINUTE;
    else process.env.LOUPE_INGEST_RATE_PER_MINUTE = saved;
    resetEnvCache();
    resetIngestRateLimit();
  });
  const useRate = (rate: string) => {
    process.env.LOUPE_INGEST_RATE_PER_MINUTE = rate;
    resetEnvCache();
  };

  it("throws 429 rate_limited with a Retry-After header once the key's bucket is empty", () => {
    useRate("2");
    enforceIngestRateLimit("key-1");
    enforceIngestRateLimit("key-1");
    let thrown: unknown;
    try {
      enforceIngestRateLimit("key-1");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    const apiError = thrown as ApiError;
    expect(apiError).toMatchObject({ status: 429, code: "rate_limited" });
    expect(Number(apiError.headers?.["Retry-After"])).toBeGreaterThanOrEqual(1);
    expect(() => enforceIngestRateLimit("key-2")).not.toThrow();
  });

  it("reads the rate lazily and treats 0 as unlimited", () => {
    useRate("1");
    enforceIngestRateLimit("key-1");
    expect(() => enforceIngestRateLimit("key-1")).toThrow(ApiError);
    useRate("0");
    for (let i = 0; i < 1_000; i++) enforceIngestRateLimit("key-1");
  });
});
