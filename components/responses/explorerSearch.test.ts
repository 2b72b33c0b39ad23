import { describe, expect, it } from "vitest";
import {
  applyExplorerPatch,
  ariaSort,
  explorerFromSearch,
  explorerToSearch,
  responsesQuery,
  toggleSort,
} from "./explorerSearch";

const search = (query: string) => new URLSearchParams(query);

describe("explorer URL state", () => {
  it("reads defaults from an empty URL", () => {
    expect(explorerFromSearch(search(""))).toEqual({ flagged: false, sort: "occurredAt", order: "desc", limit: 50 });
  });

  it("reads every key and ignores invalid values", () => {
    expect(explorerFromSearch(search("q=%20refund%20&flagged=true&sort=perplexity&order=asc&limit=100&cursor=123"))).toEqual({
      q: "refund",
      flagged: true,
      sort: "perplexity",
      order: "asc",
      limit: 100,
      cursor: "123",
    });
    expect(explorerFromSearch(search("sort=id;drop&order=sideways&limit=7&cursor=abc&flagged=yes"))).toEqual({
      flagged: false,
      sort: "occurredAt",
      order: "desc",
      limit: 50,
    });
  });

  it("writes only non-default keys and keeps unrelated ones", () => {
    const params = explorerToSearch({ flagged: false, sort: "occurredAt", order: "desc", limit: 50 }, search("project=demo&q=old"));
    expect(params.toString()).toBe("project=demo");
    const full = explorerToSearch({ q: "a b", flagged: true, sort: "avgLogprob", order: "asc", limit: 25, cursor: "9" });
    expect(explorerFromSearch(full)).toEqual({ q: "a b", flagged: true, sort: "avgLogprob", order: "asc", limit: 25, cursor: "9" });
  });
});

describe("applyExplorerPatch", () => {
  it("returns to the first page on any change but paging", () => {
    const current = search("project=demo&model=m&cursor=40&sort=perplexity");
    expect(applyExplorerPatch(current, { explorer: { q: "hello" } }).get("cursor")).toBeNull();
    expect(applyExplorerPatch(current, { filters: { tag: "rag" } }).get("cursor")).toBeNull();
    expect(applyExplorerPatch(current, { explorer: { cursor: "20" } }).get("cursor")).toBe("20");
    expect(applyExplorerPatch(current, { explorer: { cursor: "20" } }).get("sort")).toBe("perplexity");
  });

  it("keeps the page number in the URL with its cursor, and drops both on any other change", () => {
    const paged = applyExplorerPatch(search("project=demo"), { explorer: { cursor: "20", page: 2 } });
    expect(paged.get("page")).toBe("2");
    expect(explorerFromSearch(paged)).toMatchObject({ cursor: "20", page: 2 });
    expect(applyExplorerPatch(paged, { filters: { model: "m" } }).get("page")).toBeNull();
    // A page number without its cursor, or junk, means nothing.
    expect(explorerFromSearch(search("page=3")).page).toBeUndefined();
    expect(explorerFromSearch(search("cursor=20&page=x")).page).toBeUndefined();
    expect(explorerFromSearch(search("cursor=20&page=1")).page).toBeUndefined();
  });

  it("drops model and tag when the project changes", () => {
    const next = applyExplorerPatch(search("project=demo&model=m&tag=t&q=x"), { filters: { project: "default" } });
    expect(next.get("project")).toBe("default");
    expect(next.get("model")).toBeNull();
    expect(next.get("tag")).toBeNull();
    expect(next.get("q")).toBe("x");
  });

  it("sets a preset or a custom range", () => {
    const preset = applyExplorerPatch(search("from=2026-01-01T00:00:00.000Z&to=2026-01-02T00:00:00.000Z"), {
      filters: { range: "24h", from: undefined, to: undefined },
    });
    expect(preset.toString()).toBe("range=24h");
    const custom = applyExplorerPatch(search("range=24h"), { filters: { range: "custom", from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 2) } });
    expect(custom.get("range")).toBeNull();
    expect(custom.get("from")).toBe("2026-01-01T00:00:00.000Z");
    expect(custom.get("to")).toBe("2026-01-02T00:00:00.000Z");
  });
});

describe("sorting", () => {
  it("flips the active column and starts a new one at its first order", () => {
    expect(toggleSort({ sort: "perplexity", order: "desc" }, "perplexity")).toEqual({ sort: "perplexity", order: "asc" });
    expect(toggleSort({ sort: "perplexity", order: "asc" }, "perplexity")).toEqual({ sort: "perplexity", order: "desc" });
    expect(toggleSort({ sort: "occurredAt", order: "desc" }, "perplexity")).toEqual({ sort: "perplexity", order: "desc" });
    expect(toggleSort({ sort: "occurredAt", order: "desc" }, "avgLogprob")).toEqual({ sort: "avgLogprob", order: "asc" });
  });

  it("reports aria-sort for each header", () => {
    expect(ariaSort({ sort: "tokenCount", order: "asc" }, "tokenCount")).toBe("ascending");
    expect(ariaSort({ sort: "tokenCount", order: "desc" }, "tokenCount")).toBe("descending");
    expect(ariaSort({ sort: "tokenCount", order: "desc" }, "perplexity")).toBe("none");
  });
});

describe("responsesQuery", () => {
  it("combines the dashboard filters with the explorer's own parameters", () => {
    const now = Date.UTC(2026, 10, 23, 12, 0, 30);
    const query = responsesQuery(
      { project: "demo", range: "24h", model: "gpt-4o-mini" },
      { q: "refund", flagged: true, sort: "perplexity", order: "desc", limit: 25, cursor: "40" },
      now,
    );
    expect(query).toEqual({
      project: "demo",
      from: String(Date.UTC(2026, 10, 22, 12, 1)),
      to: String(Date.UTC(2026, 10, 23, 12, 1)),
      model: "gpt-4o-mini",
      q: "refund",
      flagged: "true",
      sort: "perplexity",
      order: "desc",
      limit: "25",
      cursor: "40",
    });
  });
});
