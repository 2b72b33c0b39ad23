import { afterEach, describe, expect, it } from "vitest";
import { env, resetEnvCache } from "./env";

describe("LOUPE_RETENTION_DAYS", () => {
  const saved = process.env.LOUPE_RETENTION_DAYS;
  afterEach(() => {
    if (saved === undefined) delete process.env.LOUPE_RETENTION_DAYS;
    else process.env.LOUPE_RETENTION_DAYS = saved;
    resetEnvCache();
  });
  const withValue = (value: string | undefined) => {
    if (value === undefined) delete process.env.LOUPE_RETENTION_DAYS;
    else process.env.LOUPE_RETENTION_DAYS = value;
    resetEnvCache();
    return () => env().LOUPE_RETENTION_DAYS;
  };

  it("keeps tokens forever when unset or blank", () => {
    expect(withValue(undefined)()).toBeUndefined();
    expect(withValue("")()).toBeUndefined();
  });

  it("reads a whole number of days", () => {
    expect(withValue("30")()).toBe(30);
  });

  it("stops the start with a readable message for anything else", () => {
    expect(withValue("0")).toThrow(/LOUPE_RETENTION_DAYS: LOUPE_RETENTION_DAYS must be at least 1 \(unset it to keep tokens forever\)/);
    expect(withValue("1.5")).toThrow(/LOUPE_RETENTION_DAYS must be a whole number of days/);
    expect(withValue("thirty")).toThrow(/LOUPE_RETENTION_DAYS must be a whole number of days/);
    expect(withValue("40000")).toThrow(/at most 36500/);
  });
});
