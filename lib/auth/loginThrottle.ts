import net from "node:net";
import { sql } from "kysely";
import { ApiError } from "@/lib/api/errors";
import { db as dataLayer, type DataLayer } from "@/lib/db/database";

/**
 * Login throttling, in the database so it holds across app instances, per 15-minute window:
 * - 5 failures for one email from one address block that pair (guessing one account's password);
 * - 20 failures from one address, whatever the emails, block that address (spraying accounts).
 * No key spans addresses, so failures elsewhere never block a correct password from another
 * address: made-up emails cannot lock the admin out.
 *
 * Each key's window starts at its first failure and lasts WINDOW_MS; a key at its limit is
 * blocked until its window ends, then counts from zero. A failure is one atomic
 * `INSERT … ON CONFLICT DO UPDATE` with arithmetic, so concurrent failures on any instance all
 * count; rows whose window has passed are deleted as failures come in.
 */
export const MAX_FAILURES = 5;
export const MAX_ADDRESS_FAILURES = 20;
export const WINDOW_MS = 15 * 60_000;

interface Attempt {
  email: string;
  address: string;
}

/**
 * The client as the throttle counts it: an IPv4 address, or an IPv6 address's /64 prefix (one
 * host usually holds a whole /64, and could take a fresh address, and fresh counts, per guess).
 */
export function throttledClient(address: string): string {
  if (net.isIP(address) !== 6) return address;
  const [head = "", tail] = address.toLowerCase().split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  if (right.some((group) => group.includes(".")) || left.some((group) => group.includes("."))) return address;
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

// JSON keeps the pair unambiguous whatever the two strings hold (PostgreSQL text refuses NUL).
const keysOf = ({ email, address }: Attempt) => {
  const client = throttledClient(address);
  return [
    { key: `pair:${JSON.stringify([client, email])}`, max: MAX_FAILURES },
    { key: `address:${client}`, max: MAX_ADDRESS_FAILURES },
  ];
};

export class LoginThrottle {
  constructor(
    private readonly db: () => DataLayer = () => dataLayer(),
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before another attempt, or 0 when allowed. */
  async retryAfterSeconds(attempt: Attempt): Promise<number> {
    const now = this.now();
    const limits = keysOf(attempt);
    const rows = await this.db()
      .selectFrom("login_throttle")
      .select(["key", "window_start as windowStart", "failures"])
      .where("key", "in", limits.map(({ key }) => key))
      .where("window_start", ">", now - WINDOW_MS)
      .execute();
    let wait = 0;
    for (const row of rows) {
      const max = limits.find(({ key }) => key === row.key)?.max ?? Infinity;
      if (row.failures >= max) wait = Math.max(wait, Math.ceil((row.windowStart + WINDOW_MS - now) / 1000));
    }
    return wait;
  }

  async fail(attempt: Attempt): Promise<void> {
    await this.count(attempt);
  }

  /**
   * Counts the attempt as a failure before its password is checked, in the same atomic upsert,
   * and answers the seconds to wait when that puts a key over its limit (0: go ahead). Reading
   * the counts first let parallel guesses all pass one read: 400 at once were all checked.
   * The caller then takes it back with succeed() when the password was right.
   */
  async reserve(attempt: Attempt): Promise<number> {
    const now = this.now();
    const limits = keysOf(attempt);
    let wait = 0;
    for (const row of await this.count(attempt)) {
      const max = limits.find(({ key }) => key === row.key)?.max ?? Infinity;
      if (row.failures > max) wait = Math.max(wait, Math.ceil((row.windowStart + WINDOW_MS - now) / 1000));
    }
    return wait;
  }

  /** reserve(), refusing with `429 too_many_attempts` and Retry-After when a key is over its limit. */
  async admit(attempt: Attempt): Promise<void> {
    const wait = await this.reserve(attempt);
    if (wait > 0) throw new ApiError(429, "too_many_attempts", `too many failed sign-ins: try again in ${wait} s`, undefined, { "Retry-After": String(wait) });
  }

  /** One more failure on each of the attempt's keys (a window that has passed starts again); their rows after it. */
  private async count(attempt: Attempt): Promise<Array<{ key: string; windowStart: number; failures: number }>> {
    const now = this.now();
    const expired = now - WINDOW_MS;
    const db = this.db();
    await db.deleteFrom("login_throttle").where("window_start", "<=", expired).execute();
    const rows = await db
      .insertInto("login_throttle")
      .values(keysOf(attempt).map(({ key }) => ({ key, window_start: now, failures: 1 })))
      .onConflict((conflict) =>
        conflict.column("key").doUpdateSet({
          failures: sql<number>`CASE WHEN ${sql.ref("login_throttle.window_start")} <= ${expired} THEN 1 ELSE ${sql.ref("login_throttle.failures")} + 1 END`,
          window_start: sql<number>`CASE WHEN ${sql.ref("login_throttle.window_start")} <= ${expired} THEN ${sql.ref("excluded.window_start")} ELSE ${sql.ref("login_throttle.window_start")} END`,
        }),
      )
      .returning(["key", "window_start as windowStart", "failures"])
      .execute();
    return rows.map((row) => ({ key: row.key, windowStart: Number(row.windowStart), failures: Number(row.failures) }));
  }

  /**
   * A correct password clears its own pair; the address's spraying count stands, less the
   * attempt reserve() counted for this sign-in.
   */
  async succeed(attempt: Attempt, reserved = false): Promise<void> {
    const [pair, address] = keysOf(attempt);
    const db = this.db();
    await db.deleteFrom("login_throttle").where("key", "=", pair?.key as string).execute();
    if (reserved) {
      await db.updateTable("login_throttle").set((eb) => ({ failures: eb("failures", "-", 1) })).where("key", "=", address?.key as string).where("failures", ">", 0).execute();
    }
  }
}

/** The throttle on the configured database (it keeps no state of its own). */
export function loginThrottle(): LoginThrottle {
  return new LoginThrottle();
}

/** Test hook: forgets every failure. */
export async function resetLoginThrottle(): Promise<void> {
  await dataLayer().deleteFrom("login_throttle").execute();
}
