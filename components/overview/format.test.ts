import { describe, expect, it } from "vitest";
import { formatCount, formatDelta, formatNumber } from "./format";

describe("overview formatting", () => {
  it("formats deltas against the previous period", () => {
    expect(formatDelta(110, 100, "relative")).toBe("+10.0%");
    expect(formatDelta(-0.5, -0.25, "absolute", 3)).toBe("\u22120.250");
    expect(formatDelta(90, 100, "relative")).toBe("\u221210.0%");
    expect(formatNumber(-0.4111, 3)).toBe("\u22120.411");
    expect(formatDelta(0.2, 0.15, "points")).toBe("+5.0 pp");
    expect(formatDelta(5, 0, "relative")).toBeNull();
    expect(formatDelta(null, 1, "absolute")).toBeNull();
  });

  it("abbreviates large counts", () => {
    expect(formatCount(999)).toBe("999");
    expect(formatCount(12_345)).toBe("12.3k");
    expect(formatCount(50_000_000)).toBe("50.00M");
  });
});
