import { describe, expect, it } from "vitest";
import { LoginThrottle, MAX_ADDRESS_FAILURES, MAX_FAILURES, WINDOW_MS } from "./loginThrottle";

describe("LoginThrottle", () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it("blocks an email from the address that failed, not the same email from another address", () => {
    const time = clock();
    const throttle = new LoginThrottle(time.now);
    for (let i = 0; i < MAX_FAILURES; i++) throttle.fail({ email: "admin@x", address: "10.0.0.7" });
    expect(throttle.retryAfterSeconds({ email: "admin@x", address: "10.0.0.7" })).toBe(WINDOW_MS / 1000);
    expect(throttle.retryAfterSeconds({ email: "admin@x", address: "10.0.0.8" })).toBe(0);
    time.advance(WINDOW_MS / 2);
    expect(throttle.retryAfterSeconds({ email: "admin@x", address: "10.0.0.7" })).toBe(WINDOW_MS / 2000);
    time.advance(WINDOW_MS / 2);
    expect(throttle.retryAfterSeconds({ email: "admin@x", address: "10.0.0.7" })).toBe(0);
  });

  it("failures for made-up emails never block a correct sign-in from a different address", () => {
    const throttle = new LoginThrottle(clock().now);
    for (let i = 0; i < 100; i++) throttle.fail({ email: `ghost${i}@x`, address: "203.0.113.5" });
    expect(throttle.retryAfterSeconds({ email: "admin@x", address: "198.51.100.1" })).toBe(0);
  });

  it("caps one address spraying many emails", () => {
    const throttle = new LoginThrottle(clock().now);
    for (let i = 0; i < MAX_ADDRESS_FAILURES - 1; i++) throttle.fail({ email: `ghost${i}@x`, address: "203.0.113.5" });
    expect(throttle.retryAfterSeconds({ email: "new@x", address: "203.0.113.5" })).toBe(0);
    throttle.fail({ email: "last@x", address: "203.0.113.5" });
    expect(throttle.retryAfterSeconds({ email: "new@x", address: "203.0.113.5" })).toBeGreaterThan(0);
  });

  it("a success clears its own email and address pair", () => {
    const throttle = new LoginThrottle(clock().now);
    for (let i = 0; i < MAX_FAILURES - 1; i++) throttle.fail({ email: "a@x", address: "10.0.0.1" });
    throttle.succeed({ email: "a@x", address: "10.0.0.1" });
    throttle.fail({ email: "a@x", address: "10.0.0.1" });
    expect(throttle.retryAfterSeconds({ email: "a@x", address: "10.0.0.1" })).toBe(0);
  });
});
