import { describe, expect, it } from "vitest";
import { back, EMPTY_TRAIL, earlierPages, forward, pageNumber } from "./cursorStack";

describe("cursor trail", () => {
  it("walks forward and back through pages", () => {
    let trail = forward(EMPTY_TRAIL, undefined, "40");
    expect(trail).toEqual({ at: "40", earlier: [""] });
    expect(pageNumber(trail, "40")).toBe(2);
    trail = forward(trail, "40", "20");
    expect(pageNumber(trail, "20")).toBe(3);

    const toSecond = back(trail, "20");
    expect(toSecond.cursor).toBe("40");
    expect(pageNumber(toSecond.trail, "40")).toBe(2);
    const toFirst = back(toSecond.trail, "40");
    expect(toFirst.cursor).toBeUndefined();
    expect(pageNumber(toFirst.trail, undefined)).toBe(1);
  });

  it("drops the trail when the URL's cursor does not belong to it", () => {
    const trail = forward(forward(EMPTY_TRAIL, undefined, "40"), "40", "20");
    expect(earlierPages(trail, "999")).toEqual([]);
    expect(pageNumber(trail, "999")).toBeUndefined();
    expect(back(trail, "999").cursor).toBeUndefined();
    expect(pageNumber(trail, undefined)).toBe(1);
  });

  it("cuts the trail when the URL went back to a page it remembers", () => {
    const trail = forward(forward(forward(EMPTY_TRAIL, undefined, "60"), "60", "40"), "40", "20");
    expect(earlierPages(trail, "40")).toEqual(["", "60"]);
    expect(back(trail, "40").cursor).toBe("60");
    expect(forward(trail, "40", "30")).toEqual({ at: "30", earlier: ["", "60", "40"] });
  });

  it("going forward from an unknown page still allows one step back", () => {
    const trail = forward(EMPTY_TRAIL, "999", "500");
    expect(back(trail, "500").cursor).toBe("999");
  });
});
