import { describe, expect, it } from "vitest";
import { rangeCovering } from "./rangeHint";

describe("rangeCovering", () => {
  it("covers whole UTC days from the earliest to after the latest", () => {
    const range = rangeCovering(Date.parse("2024-12-01T10:00:00Z"), Date.parse("2024-12-09T23:59:00Z"));
    expect(range).toEqual({ from: Date.parse("2024-12-01T00:00:00Z"), to: Date.parse("2024-12-10T00:00:00Z"), whole: true });
  });

  it("keeps to the newest year when the responses span more (the API limit is 366 days)", () => {
    const range = rangeCovering(Date.parse("2020-01-01T00:00:00Z"), Date.parse("2024-12-09T10:00:00Z"));
    expect(range.to).toBe(Date.parse("2024-12-10T00:00:00Z"));
    expect(range.to - range.from).toBe(365 * 86_400_000);
    expect(range.whole).toBe(false);
  });
});
