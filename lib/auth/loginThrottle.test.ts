import { describe, expect, it } from "vitest";
import { describeEachBackend } from "../../tests/backends";
import { LoginThrottle, MAX_ADDRESS_FAILURES, MAX_FAILURES, throttledClient, WINDOW_MS } from "./loginThrottle";

describeEachBackend("LoginThrottle", ({ db }) => {
  // Each test starts at its own time, a day after the last, so earlier failures have expired.
  let start = 1_000_000;
  const clock = () => {
    let now = (start += 86_400_000);
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it("blocks an email from the address that failed, not the same email from another address", async () => {
    const time = clock();
    const throttle = new LoginThrottle(db, time.now);
    for (let i = 0; i < MAX_FAILURES; i++) await throttle.fail({ email: "admin@x", address: "10.0.0.7" });
    expect(await throttle.retryAfterSeconds({ email: "admin@x", address: "10.0.0.7" })).toBe(WINDOW_MS / 1000);
    expect(await throttle.retryAfterSeconds({ email: "admin@x", address: "10.0.0.8" })).toBe(0);
    time.advance(WINDOW_MS / 2);
    expect(await throttle.retryAfterSeconds({ email: "admin@x", address: "10.0.0.7" })).toBe(WINDOW_MS / 2000);
    time.advance(WINDOW_MS / 2);
    expect(await throttle.retryAfterSeconds({ email: "admin@x", address: "10.0.0.7" })).toBe(0);
  });

  it("failures for made-up emails never block a correct sign-in from a different address", async () => {
    const throttle = new LoginThrottle(db, clock().now);
    for (let i = 0; i < 100; i++) await throttle.fail({ email: `ghost${i}@x`, address: "203.0.113.5" });
    expect(await throttle.retryAfterSeconds({ email: "admin@x", address: "198.51.100.1" })).toBe(0);
  });

  it("caps one address spraying many emails", async () => {
    const throttle = new LoginThrottle(db, clock().now);
    for (let i = 0; i < MAX_ADDRESS_FAILURES - 1; i++) await throttle.fail({ email: `ghost${i}@x`, address: "203.0.113.6" });
    expect(await throttle.retryAfterSeconds({ email: "new@x", address: "203.0.113.6" })).toBe(0);
    await throttle.fail({ email: "last@x", address: "203.0.113.6" });
    expect(await throttle.retryAfterSeconds({ email: "new@x", address: "203.0.113.6" })).toBeGreaterThan(0);
  });

  it("a success clears its own email and address pair", async () => {
    const throttle = new LoginThrottle(db, clock().now);
    for (let i = 0; i < MAX_FAILURES - 1; i++) await throttle.fail({ email: "a@x", address: "10.0.0.1" });
    await throttle.succeed({ email: "a@x", address: "10.0.0.1" });
    await throttle.fail({ email: "a@x", address: "10.0.0.1" });
    expect(await throttle.retryAfterSeconds({ email: "a@x", address: "10.0.0.1" })).toBe(0);
  });

  it("is shared by every instance on the database, and counts concurrent failures exactly", async () => {
    const time = clock();
    // Two app instances: two throttles on the same database, nothing shared in memory.
    const first = new LoginThrottle(db, time.now);
    const second = new LoginThrottle(db, time.now);
    const attempt = { email: "admin@x", address: "192.0.2.9" };
    await Promise.all(Array.from({ length: MAX_FAILURES - 1 }, (_, i) => (i % 2 === 0 ? first : second).fail(attempt)));
    expect(await first.retryAfterSeconds(attempt)).toBe(0);
    await second.fail(attempt);
    expect(await first.retryAfterSeconds(attempt)).toBe(WINDOW_MS / 1000);
    const rows = await db().selectFrom("login_throttle").select(["key", "failures"]).where("key", "like", "%192.0.2.9%").orderBy("key").execute();
    expect(rows).toEqual([
      { key: "address:192.0.2.9", failures: MAX_FAILURES },
      { key: 'pair:["192.0.2.9","admin@x"]', failures: MAX_FAILURES },
    ]);
  });

  it("reserve counts the attempt before the password check, atomically: of 30 parallel attempts 5 go ahead", async () => {
    const time = clock();
    const throttle = new LoginThrottle(db, time.now);
    const attempt = { email: "admin@x", address: "192.0.2.20" };
    const waits = await Promise.all(Array.from({ length: 30 }, () => throttle.reserve(attempt)));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(MAX_FAILURES);
    expect(waits.filter((wait) => wait === WINDOW_MS / 1000)).toHaveLength(30 - MAX_FAILURES);
  });

  it("a right password after reserve clears the pair and takes the attempt back from the address's count", async () => {
    const throttle = new LoginThrottle(db, clock().now);
    const attempt = { email: "a@x", address: "192.0.2.21" };
    await throttle.fail({ email: "b@x", address: "192.0.2.21" });
    expect(await throttle.reserve(attempt)).toBe(0);
    await throttle.succeed(attempt, true);
    const rows = await db().selectFrom("login_throttle").select(["key", "failures"]).where("key", "like", "%192.0.2.21%").orderBy("key").execute();
    expect(rows).toEqual([
      { key: "address:192.0.2.21", failures: 1 },
      { key: 'pair:["192.0.2.21","b@x"]', failures: 1 },
    ]);
  });

  it("one IPv6 host cannot take fresh counts by moving within its /64", async () => {
    const throttle = new LoginThrottle(db, clock().now);
    for (let i = 1; i <= MAX_FAILURES; i++) await throttle.fail({ email: "admin@x", address: `2001:db8:0:7::${i}` });
    expect(await throttle.retryAfterSeconds({ email: "admin@x", address: "2001:db8:0:7:ffff::99" })).toBe(WINDOW_MS / 1000);
    expect(await throttle.retryAfterSeconds({ email: "admin@x", address: "2001:db8:0:8::1" })).toBe(0);
  });

  it("deletes rows whose window has passed as new failures come in", async () => {
    const time = clock();
    const throttle = new LoginThrottle(db, time.now);
    await throttle.fail({ email: "old@x", address: "192.0.2.10" });
    time.advance(WINDOW_MS + 1);
    await throttle.fail({ email: "new@x", address: "192.0.2.11" });
    const keys = (await db().selectFrom("login_throttle").select("key").execute()).map((row) => row.key);
    expect(keys.filter((key) => key.includes("192.0.2.10"))).toEqual([]);
    expect(keys.filter((key) => key.includes("192.0.2.11"))).toHaveLength(2);
  });
});

describe("throttledClient", () => {
  it("counts an IPv6 client by its /64, an IPv4 one by its address", () => {
    expect(throttledClient("2001:db8:0:1:aaaa::1")).toBe("2001:db8:0:1::/64");
    expect(throttledClient("2001:0db8:0000:0001:bbbb:cccc:dddd:eeee")).toBe("2001:db8:0:1::/64");
    expect(throttledClient("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(throttledClient("::1")).toBe("0:0:0:0::/64");
    expect(throttledClient("203.0.113.7")).toBe("203.0.113.7");
    expect(throttledClient("unknown")).toBe("unknown");
  });
});
