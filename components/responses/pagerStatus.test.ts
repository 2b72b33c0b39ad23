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
});
