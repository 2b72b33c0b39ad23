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

describe("LOUPE_PROVIDERS and LOUPE_SECRET_KEY", () => {
  const saved = { providers: process.env.LOUPE_PROVIDERS, secret: process.env.LOUPE_SECRET_KEY };
  afterEach(() => {
    for (const [name, value] of [["LOUPE_PROVIDERS", saved.providers], ["LOUPE_SECRET_KEY", saved.secret]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  });

  it("stops the start with every problem of a bad provider list, by position", () => {
    process.env.LOUPE_PROVIDERS = JSON.stringify([{ id: "ok", baseURL: "http://localhost:8000/v1" }, { id: "Bad Id", baseURL: "localhost" }]);
    resetEnvCache();
    expect(() => env()).toThrow(/Invalid environment configuration:\n {2}LOUPE_PROVIDERS: LOUPE_PROVIDERS\[1\]\.id: must be 1-63 lower-case letters[^\n]*\n {2}LOUPE_PROVIDERS: LOUPE_PROVIDERS\[1\]\.baseURL: must be a URL/);
  });

  it("wants a secret key long enough to be one", () => {
    process.env.LOUPE_SECRET_KEY = "short";
    resetEnvCache();
    expect(() => env()).toThrow(/LOUPE_SECRET_KEY must be at least 32 characters/);
  });
});
