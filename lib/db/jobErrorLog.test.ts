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
    log(new Error("relation \"threshold_jobs\" does not exist"));
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('threshold job: relation "threshold_jobs" does not exist');
  });
});
