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

  it("validates after normalising: dot segments and encoded dots cannot make a protocol-relative URL", () => {
    for (const next of ["/.//evil.example/phish", "/..//x", "/%2e//x", "/%2E%2E//x", "/./\\evil.example", "/a/..//evil.example", "/.%2f/evil.example"]) {
      const safe = safeNextPath(next);
      expect(safe, next).toMatch(/^\/(?![/\\])/);
      // What a browser would do with the result: stay on this origin.
      expect(new URL(safe, "http://loupe.invalid").origin, next).toBe("http://loupe.invalid");
    }
    expect(safeNextPath("/.//evil.example/phish")).toBe("/");
    expect(safeNextPath("/a/./b/../c")).toBe("/a/c");
  });

  it("falls back to / without a single string", () => {
    expect(safeNextPath(undefined)).toBe("/");
    expect(safeNextPath(null)).toBe("/");
    expect(safeNextPath(["/a", "/b"])).toBe("/");
  });
});
