import { describe, expect, it } from "vitest";
import { alertHref } from "./alertHref";

const base = { id: 7, responseId: null, model: "gpt-4o", evidence: { positions: [], thresholds: {} } };

describe("alertHref", () => {
  it("sends a response's alert to its token view with the alert outlined", () => {
    expect(alertHref({ ...base, detector: "repetitionLoop", responseId: 42 }, "team")).toBe("/responses/42?project=team&alert=7");
  });

  it("sends a distribution shift to its classification task, not to an empty list of the pseudo-model task:<name>", () => {
    const alert = { ...base, detector: "distributionShift", model: "task:intent", evidence: { ...base.evidence, taskId: "t-1", taskName: "intent" } };
    expect(alertHref(alert, undefined)).toBe("/classification/t-1");
  });

  it("sends a trend shift to the model's responses in the hour that shifted", () => {
    const hourStart = Date.parse("2026-10-01T13:00:00Z");
    const href = new URL(alertHref({ ...base, detector: "trendShift", evidence: { ...base.evidence, hourStart } }, "team"), "http://x");
    expect(href.pathname).toBe("/responses");
    expect(Object.fromEntries(href.searchParams)).toEqual({ project: "team", model: "gpt-4o", from: "2026-10-01T13:00:00.000Z", to: "2026-10-01T14:00:00.000Z" });
  });

  it("sends model drift to its probe set", () => {
    expect(alertHref({ ...base, detector: "modelDrift", evidence: { ...base.evidence, probeSetId: "p 1" } }, undefined)).toBe("/probes/p%201");
  });
});
