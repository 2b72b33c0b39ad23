import { afterAll, afterEach, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/config/env";
import { createDataLayer, type DataLayer } from "@/lib/db/database";
import { describeEachBackend } from "@/tests/backends";
import { ApiError } from "./errors";
import { enforceIngestRateLimit, IDLE_BUCKET_MS, pruneIdleRateBuckets, resetIngestRateLimit, takeIngestToken } from "./rateLimit";

/** A clock the test moves by hand, in milliseconds. */
function manualClock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** The database bucket of the suite's backend, on a hand-moved clock (a fresh key space per limiter). */
let limiters = 0;
function limiterFor(layer: DataLayer, ratePerMinute: number, now: () => number) {
  const space = `limiter-${++limiters}`;
  return { take: (key: string) => takeIngestToken(layer, `${space}:${key}`, ratePerMinute, now()) };
}

describeEachBackend("ingest token bucket", (backend) => {
  const db = () => backend.db();
  // A second data layer on the same database (its own pool on PostgreSQL): another app instance.
  let second: DataLayer | undefined;
  const other = () => (second ??= createDataLayer(backend.url));
  afterAll(async () => {
    if (backend.backend === "postgres") await second?.destroy();
  });
  afterEach(() => resetIngestRateLimit(db()));

  it("lets a full minute's burst through, then refuses with the wait until the next token", async () => {
    const clock = manualClock();
    const limiter = limiterFor(db(), 60, clock.now); // one token per second
    for (let i = 0; i < 60; i++) expect((await limiter.take("k"))).toEqual({ allowed: true });
    expect((await limiter.take("k"))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(999);
    expect((await limiter.take("k")).allowed).toBe(false);
    clock.advance(1);
    expect((await limiter.take("k"))).toEqual({ allowed: true });
    expect((await limiter.take("k")).allowed).toBe(false);
  });

  it("refills continuously at rate/60 per second, never above capacity", async () => {
    const clock = manualClock();
    const limiter = limiterFor(db(), 120, clock.now); // two tokens per second
    for (let i = 0; i < 120; i++) await limiter.take("k");
    clock.advance(1_500); // 3 tokens
    const passes: boolean[] = [];
    for (let i = 0; i < 4; i++) passes.push((await limiter.take("k")).allowed);
    expect(passes).toEqual([true, true, true, false]);
    clock.advance(3_600_000); // an hour idle refills to capacity, not beyond
    let passed = 0;
    while ((await limiter.take("k")).allowed) passed++;
    expect(passed).toBe(120);
  });

  it("answers Retry-After in whole seconds, at least 1, for slow rates", async () => {
    const clock = manualClock();
    const limiter = limiterFor(db(), 2, clock.now); // one token per 30 s
    (await limiter.take("k"));
    (await limiter.take("k"));
    expect((await limiter.take("k"))).toEqual({ allowed: false, retryAfterSeconds: 30 });
    clock.advance(29_500);
    expect((await limiter.take("k"))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(500);
    expect((await limiter.take("k")).allowed).toBe(true);
  });

  it("does not charge refused requests", async () => {
    const clock = manualClock();
    const limiter = limiterFor(db(), 60, clock.now);
    for (let i = 0; i < 60; i++) (await limiter.take("k"));
    for (let i = 0; i < 100; i++) (await limiter.take("k")); // all refused
    clock.advance(1_000);
    expect((await limiter.take("k")).allowed).toBe(true);
  });

  it("keeps one bucket per key", async () => {
    const clock = manualClock();
    const limiter = limiterFor(db(), 3, clock.now);
    for (let i = 0; i < 3; i++) (await limiter.take("a"));
    expect((await limiter.take("a")).allowed).toBe(false);
    expect((await limiter.take("b")).allowed).toBe(true);
  });

  it("ignores a clock that steps backwards", async () => {
    const clock = manualClock();
    const limiter = limiterFor(db(), 60, clock.now);
    for (let i = 0; i < 60; i++) (await limiter.take("k"));
    clock.advance(-5_000);
    expect((await limiter.take("k")).allowed).toBe(false);
    clock.advance(6_000);
    expect((await limiter.take("k")).allowed).toBe(true);
  });

  it("refuses a non-positive rate (0 means unlimited and never builds a limiter)", async () => {
    await expect(takeIngestToken(db(), "k", 0)).rejects.toThrow();
  });

  it("prunes only buckets idle long enough to be full again, and a pruned key starts full", async () => {
    const clock = manualClock();
    const limiter = limiterFor(db(), 60, clock.now);
    for (let i = 0; i < 60; i++) await limiter.take("idle");
    expect((await limiter.take("idle")).allowed).toBe(false);
    const emptiedAt = clock.now();
    clock.advance(IDLE_BUCKET_MS - 60_000);
    await limiter.take("busy");
    const rows = async () => (await db().selectFrom("ingest_rate_buckets").select("key_id").execute()).map((row) => row.key_id.split(":")[1]).sort();
    expect(await pruneIdleRateBuckets(db(), emptiedAt + IDLE_BUCKET_MS)).toBe(0);
    expect(await rows()).toEqual(["busy", "idle"]);
    expect(await pruneIdleRateBuckets(db(), emptiedAt + IDLE_BUCKET_MS + 1)).toBe(1);
    expect(await rows()).toEqual(["busy"]);
    clock.advance(60_001);
    for (let i = 0; i < 60; i++) expect((await limiter.take("idle")).allowed).toBe(true);
    expect((await limiter.take("idle")).allowed).toBe(false);
  });

  it("charges one bucket per key across data layers, on the database clock", async () => {
    // Two pools on one database stand for two app instances.
    for (let i = 0; i < 3; i++) expect(await takeIngestToken(db(), "shared", 6)).toEqual({ allowed: true });
    for (let i = 0; i < 3; i++) expect(await takeIngestToken(other(), "shared", 6)).toEqual({ allowed: true });
    expect(await takeIngestToken(db(), "shared", 6)).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
    expect((await takeIngestToken(other(), "shared", 6)).allowed).toBe(false);
  });
});

describeEachBackend("enforceIngestRateLimit", () => {
  const saved = process.env.LOUPE_INGEST_RATE_PER_MINUTE;
  afterEach(() => {
    if (saved === undefined) delete process.env.LOUPE_INGEST_RATE_PER_MINUTE;
    else process.env.LOUPE_INGEST_RATE_PER_MINUTE = saved;
    resetEnvCache();
    return resetIngestRateLimit();
  });
  const useRate = (rate: string) => {
    process.env.LOUPE_INGEST_RATE_PER_MINUTE = rate;
    resetEnvCache();
  };

  it("throws 429 rate_limited with a Retry-After header once the key's bucket is empty", async () => {
    useRate("2");
    await enforceIngestRateLimit("key-1");
    await enforceIngestRateLimit("key-1");
    let thrown: unknown;
    try {
      await enforceIngestRateLimit("key-1");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    const apiError = thrown as ApiError;
    expect(apiError).toMatchObject({ status: 429, code: "rate_limited" });
    expect(Number(apiError.headers?.["Retry-After"])).toBeGreaterThanOrEqual(1);
    await expect(enforceIngestRateLimit("key-2")).resolves.toBeUndefined();
  });

  it("reads the rate lazily and treats 0 as unlimited", async () => {
    useRate("1");
    await enforceIngestRateLimit("key-1");
    await expect(enforceIngestRateLimit("key-1")).rejects.toThrow(ApiError);
    useRate("0");
    for (let i = 0; i < 1_000; i++) await enforceIngestRateLimit("key-1");
  });
});
