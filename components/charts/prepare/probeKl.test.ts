import { describe, expect, it } from "vitest";
import type { ProbeRunDto } from "@/lib/probes/probeRuns";
import { prepareProbeKl, promptSeriesName } from "./probeKl";

const run = (id: number, startedAt: string, overrides: Partial<ProbeRunDto> = {}): ProbeRunDto => ({
  id, model: "m", status: "completed", error: null, isBaseline: false, meanKl: null, meanEntropyShift: null, argmaxChangedShare: null,
  alertRaised: false, alertId: null, trafficShifts: 0, label: "stable", prompts: [], startedAt, finishedAt: startedAt, ...overrides,
});

describe("prepareProbeKl (per-prompt KL over time)", () => {
  it("orders completed runs oldest first, puts the baseline at 0, leaves failed runs and missing prompts out as gaps", () => {
    const runs = [
      run(3, "2026-11-27T12:00:00Z", { label: "modelDrift", prompts: [{ promptIndex: 0, meanKl: 1.5, meanEntropyShift: 0, argmaxChangedShare: 0.5, firstDivergences: [3] }] }),
      run(2, "2026-11-27T11:00:00Z", { status: "failed", label: "failed" }),
      run(1, "2026-11-27T10:00:00Z", { isBaseline: true, label: "baseline" }),
    ];
    const prepared = prepareProbeKl(runs, ["Once upon a time", "Hello"], 0.1);
    expect(prepared.series).toEqual([{ dataKey: "p0", name: "1: Once upon a time" }, { dataKey: "p1", name: "2: Hello" }]);
    expect(prepared.rows).toEqual([
      { t: Date.parse("2026-11-27T10:00:00Z"), runId: 1, model: "m", label: "baseline", p0: 0, p1: 0 },
      { t: Date.parse("2026-11-27T12:00:00Z"), runId: 3, model: "m", label: "modelDrift", p0: 1.5, p1: null },
    ]);
    expect(prepared.yDomain[1]).toBeCloseTo(1.65, 12);
  });

  it("keeps the threshold in view when every KL is below it", () => {
    const prepared = prepareProbeKl([run(1, "2026-11-27T10:00:00Z", { prompts: [{ promptIndex: 0, meanKl: 0, meanEntropyShift: 0, argmaxChangedShare: 0, firstDivergences: [null] }] })], ["a"], 0.2);
    expect(prepared.yDomain).toEqual([0, 0.22000000000000003]);
  });

  it("shortens long prompts for the legend", () => {
    expect(promptSeriesName(0, "Once upon a time, there was a little girl named")).toBe("1: Once upon a time, there was a l…");
    expect(promptSeriesName(4, "two\n lines")).toBe("5: two lines");
  });
});
