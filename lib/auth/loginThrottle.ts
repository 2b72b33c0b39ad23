/**
 * Login throttling, in memory (one server process), per 15-minute window:
 * - 5 failures for one email from one address block that pair (guessing one account's password);
 * - 20 failures from one address, whatever the emails, block that address (spraying accounts).
 * No key spans addresses, so failures elsewhere never block a correct password from another
 * address: made-up emails cannot lock the admin out.
 */
export const MAX_FAILURES = 5;
export const MAX_ADDRESS_FAILURES = 20;
export const WINDOW_MS = 15 * 60_000;

interface Attempt {
  email: string;
  address: string;
}

const keysOf = ({ email, address }: Attempt) => [
  { key: `pair:${address}\u0000${email}`, max: MAX_FAILURES },
  { key: `address:${address}`, max: MAX_ADDRESS_FAILURES },
];

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
  retryAfterSeconds(attempt: Attempt): number {
    let wait = 0;
    for (const { key, max } of keysOf(attempt)) {
      const recent = this.recent(key);
      // The window reopens when the oldest failure that still counts towards the limit ages out.
      const blocking = recent[recent.length - max];
      if (recent.length >= max && blocking !== undefined) wait = Math.max(wait, Math.ceil((blocking + WINDOW_MS - this.now()) / 1000));
    }
    return wait;
  }

  fail(attempt: Attempt): void {
    for (const { key } of keysOf(attempt)) this.failures.set(key, [...this.recent(key), this.now()]);
  }

  /** A correct password clears its own pair only: the address's spraying count stands. */
  succeed(attempt: Attempt): void {
    this.failures.delete(keysOf(attempt)[0]?.key as string);
  }
}

const globalForThrottle = globalThis as unknown as { loupeLoginThrottle?: LoginThrottle };
export function loginThrottle(): LoginThrottle {
  globalForThrottle.loupeLoginThrottle ??= new LoginThrottle();
  return globalForThrottle.loupeLoginThrottle;
}

/** Test hook: a fresh throttle. */
export function resetLoginThrottle(): void {
  globalForThrottle.loupeLoginThrottle = undefined;
}
