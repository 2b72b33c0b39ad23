import { describe, expect, it } from "vitest";
import { navHref } from "./navHref";

describe("navHref", () => {
  const current = new URLSearchParams("project=support&range=30d&model=m&q=refund&cursor=40");

  it("keeps the project on Settings and Probes, and nothing that belongs to the data pages", () => {
    expect(navHref("/settings", current)).toBe("/settings?project=support");
    expect(navHref("/probes", current)).toBe("/probes?project=support");
  });

  it("keeps project, range and filters between the data pages, not the explorer's own search or page", () => {
    expect(navHref("/responses", current)).toBe("/responses?project=support&range=30d&model=m");
    expect(navHref("/", new URLSearchParams())).toBe("/");
  });
});
