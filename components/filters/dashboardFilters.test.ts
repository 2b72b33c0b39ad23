import { describe, expect, it } from "vitest";
import { filtersFromSearch, filtersToSearch, resolveRange, statsParams } from "./dashboardFilters";

describe("dashboard filters in the URL", () => {
  it("round-trips presets, custom ranges, model, tag and project", () => {
    const cases = [
      { project: "demo", range: "24h" as const, model: "gpt-4o-mini", tag: "rag" },
      { range: "custom" as const, from: Date.parse("2026-11-01T00:00:00Z"), to: Date.parse("2026-11-08T00:00:00Z") },
      { range: "7d" as const },
    ];
    for (const filters of cases) {
      expect(filtersFromSearch(filtersToSearch(filters))).toEqual(expect.objectContaining(filters));
    }
  });

  it("falls back to the default range on junk and keeps unrelated parameters", () => {
    expect(filtersFromSearch(new URLSearchParams("range=bogus")).range).toBe("7d");
    const params = filtersToSearch({ range: "1h" }, new URLSearchParams("sort=perplexity"));
    expect(params.get("sort")).toBe("perplexity");
    expect(params.get("range")).toBe("1h");
  });

  it("resolves presets against now, rounded up to the minute", () => {
    const now = Date.parse("2026-11-23T10:00:30Z");
    const { from, to } = resolveRange({ range: "1h" }, now);
    expect(to).toBe(Date.parse("2026-11-23T10:01:00Z"));
    expect(to - from).toBe(3_600_000);
    expect(statsParams({ range: "1h", model: "m" }, now)).toEqual({ from: String(from), to: String(to), model: "m" });
  });
});
