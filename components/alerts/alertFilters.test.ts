import { describe, expect, it } from "vitest";
import { alertFiltersFromSearch, alertFiltersToSearch, alertsApiQuery } from "./alertFilters";

describe("alert filters in the URL", () => {
  it("defaults to open alerts of the last 7 days and round-trips every filter", () => {
    expect(alertFiltersFromSearch(new URLSearchParams())).toEqual({ status: "open", detector: "", model: "", range: "168" });
    const filters = { status: "" as const, detector: "glitchToken" as const, model: "m 1", range: "" as const };
    const search = alertFiltersToSearch(filters, new URLSearchParams("project=p1"));
    expect(search.get("project")).toBe("p1");
    expect(alertFiltersFromSearch(search)).toEqual(filters);
  });

  it("ignores unknown values and builds the API query", () => {
    expect(alertFiltersFromSearch(new URLSearchParams("status=nope&detector=x&hours=5"))).toEqual({ status: "", detector: "", model: "", range: "168" });
    const now = Date.parse("2026-11-10T12:34:56Z");
    expect(alertsApiQuery({ status: "acknowledged", detector: "", model: "", range: "24" }, "p", undefined, now)).toEqual({
      project: "p", status: "acknowledged", detector: undefined, model: undefined, from: String(Date.parse("2026-11-09T12:34:00Z")), cursor: undefined, limit: "50",
    });
  });
});
