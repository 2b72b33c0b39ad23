/**
 * Login throttling: after 5 failures for an email or a client address within 15 minutes,
 * further attempts are refused until the window passes. In memory (one server process).
 */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  constructor(private readonly now: () => number = Date.now) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - WINDOW_MS;
    const kept = (this.failures.get(key) ?? []).filter((time) => time > cutoff);
    if (kept.length > 0) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** Seconds to wait before another attempt, or 0 when allowed. */
  retryAfterSeconds(keys: string[]): number {
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key);
      if (recent.length >= MAX_FAILURES) wait = Math.max(wait, Math.ceil(((recent[0] as number) + WINDOW_MS - this.now()) / 1000));
    }
    return wait;
  }

  fail(keys: string[]): void {
    for (const key of keys) this.failures.set(key, [...this.recent(key), this.now()]);
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }
}

const globalForThrottle = globalThis as unknown as { loupeLoginThrottle?: LoginThrottle };
export function loginThrottle(): LoginThrottle {
  globalForThrottle.loupeLoginThrottle ??= new LoginThrottle();
  return globalForThrottle.loupeLoginThrottle;
}
