import { afterEach, describe, expect, it, vi } from "vitest";
import { jobErrorLog } from "./jobErrorLog";

describe("jobErrorLog", () => {
  afterEach(() => vi.restoreAllMocks());

  it("prints an error once, then the same one at most once a minute with its repeat count; a new one at once", () => {
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
    let clock = Date.parse("2026-11-28T00:00:00Z");
    const log = jobErrorLog("threshold job", 60_000, () => clock);
    const down = new Error("connect ENOENT /tmp/pg/.s.PGSQL.5432");
    for (let second = 0; second < 30; second++, clock += 1_000) log(down);
    expect(lines).toEqual(["threshold job: connect ENOENT /tmp/pg/.s.PGSQL.5432"]);
    clock += 31_000;
    log(down);
    expect(lines[1]).toBe("threshold job: connect ENOENT /tmp/pg/.s.PGSQL.5432 (29 more since 2026-11-28T00:00:00.000Z)");
    log(down);
    log(new Error("relation \"threshold_jobs\" does not exist"));
    // The count the first message still owed is printed before the new one.
    expect(lines.slice(2)).toEqual([
      "threshold job: connect ENOENT /tmp/pg/.s.PGSQL.5432 (1 more since 2026-11-28T00:01:01.000Z)",
      'threshold job: relation "threshold_jobs" does not exist',
    ]);
  });

  it("names an error without a message by its code and inner errors", () => {
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
    const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: "ECONNREFUSED" });
    jobErrorLog("webhooks")(Object.assign(new AggregateError([refused("::1:5432"), refused("127.0.0.1:5432")], ""), { code: "ECONNREFUSED" }));
    expect(lines).toEqual(["webhooks: ECONNREFUSED: connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432"]);
  });
});
