import { describe, expect, it } from "vitest";
import { customRange, customRangeProblem, fromDatetimeLocal, toDatetimeLocal } from "./datetimeLocal";

describe("datetime-local conversion", () => {
  it("round-trips an instant at minute precision in the local time zone", () => {
    const time = Date.UTC(2026, 10, 23, 15, 34, 56, 789);
    const text = toDatetimeLocal(time);
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(fromDatetimeLocal(text)).toBe(Math.floor(time / 60_000) * 60_000);
  });

  it("reads the input's value as local time", () => {
    expect(fromDatetimeLocal("2026-01-02T03:04")).toBe(new Date(2026, 0, 2, 3, 4).getTime());
    expect(fromDatetimeLocal("2026-01-02T03:04:05")).toBe(new Date(2026, 0, 2, 3, 4, 5).getTime());
  });

  it("rejects empty and malformed values", () => {
    expect(fromDatetimeLocal("")).toBeUndefined();
    expect(fromDatetimeLocal("2026-01-02")).toBeUndefined();
    expect(fromDatetimeLocal("2026-13-45T99:99")).toBeUndefined();
  });

  it("accepts a custom range only when from comes before to", () => {
    expect(customRange("2026-01-02T03:04", "2026-01-03T03:04")).toEqual({
      from: new Date(2026, 0, 2, 3, 4).getTime(),
      to: new Date(2026, 0, 3, 3, 4).getTime(),
    });
    expect(customRange("2026-01-03T03:04", "2026-01-02T03:04")).toBeUndefined();
    expect(customRange("", "2026-01-02T03:04")).toBeUndefined();
  });
});

describe("customRangeProblem", () => {
  it("says why a range cannot be used: the stats endpoints answer at most 366 days", () => {
    expect(customRangeProblem("2026-01-02T03:04", "2026-01-03T03:04")).toBeNull();
    expect(customRangeProblem("2026-01-03T03:04", "2026-01-02T03:04")).toBe("“From” must come before “To”.");
    expect(customRangeProblem("", "2026-01-02T03:04")).toBe("Both ends need a date and a time.");
    expect(customRangeProblem("2024-01-01T00:00", "2025-06-01T00:00")).toBe("A range spans at most 366 days.");
    expect(customRange("2024-01-01T00:00", "2025-06-01T00:00")).toBeUndefined();
    expect(customRangeProblem("2024-01-01T00:00", "2024-12-31T00:00")).toBeNull();
  });
});
