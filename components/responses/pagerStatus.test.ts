import { describe, expect, it } from "vitest";
import { pagerStatus } from "./pagerStatus";

describe("pagerStatus", () => {
  it("gives the rows shown and the total", () => {
    expect(pagerStatus(1, 50, 1200, 1)).toBe("1–50 of 1,200 · page 1");
    expect(pagerStatus(51, 50, 1200, 2)).toBe("51–100 of 1,200 · page 2");
    expect(pagerStatus(1, 50, undefined, 1)).toBe("1–50 · page 1");
  });

  it("does not invent a page it does not know", () => {
    expect(pagerStatus(undefined, 50, 1200, undefined)).toBe("50 rows of 1,200");
    expect(pagerStatus(1, 0, 0, 1)).toBe("No rows");
  });

  it("shows an estimated total as about, to two significant digits", () => {
    expect(pagerStatus(1, 50, 12_345, 1, true)).toBe("1–50 of about 12,000 · page 1");
    expect(pagerStatus(1, 50, 987, 1, true)).toBe("1–50 of about 990 · page 1");
    expect(pagerStatus(51, 0, 12_345, 2, true)).toBe("No rows on this page of about 12,000");
  });
});
