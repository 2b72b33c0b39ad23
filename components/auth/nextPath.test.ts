import { describe, expect, it } from "vitest";
import { safeNextPath } from "./nextPath";

describe("safeNextPath", () => {
  it("keeps same-site paths with their query", () => {
    expect(safeNextPath("/")).toBe("/");
    expect(safeNextPath("/settings?project=demo")).toBe("/settings?project=demo");
    expect(safeNextPath("/responses/12#tokens")).toBe("/responses/12#tokens");
  });

  it("falls back to / for anything that could leave the site", () => {
    for (const next of ["//evil.example", "/\\evil.example", "https://evil.example/", "evil.example", "javascript:alert(1)", "/\t/evil.example", " /x", ""]) {
      expect(safeNextPath(next)).toBe("/");
    }
  });

  it("falls back to / without a single string", () => {
    expect(safeNextPath(undefined)).toBe("/");
    expect(safeNextPath(null)).toBe("/");
    expect(safeNextPath(["/a", "/b"])).toBe("/");
  });
});
