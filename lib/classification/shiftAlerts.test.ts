import { describe, expect, it } from "vitest";
import { distributionShiftAlerts, MIN_SHIFT_ALERT_N } from "./shiftAlerts";
import type { ShiftReport, SignalShifts } from "./shiftReport";

const shifted: SignalShifts = {
  confidence: { psi: 8.28, ks: 0.4, pValue: 0.69, alert: true },
  logMargin: { psi: 0.01, ks: 0.1, pValue: 0.9, alert: false },
  labelEntropy: { psi: 0.01, ks: 0.1, pValue: 0.9, alert: false },
};
const report = (referenceN: number, currentN: number): ShiftReport => ({
  reference: { from: 0, to: 1, n: referenceN }, current: { from: 1, to: 2, n: currentN }, psiThreshold: 0.2, tag: null, overall: shifted, byTag: [], overTime: [],
});
const task = { id: "t", projectId: "p", name: "intent" };

describe("distributionShiftAlerts", () => {
  it("raises one alert per signal above the threshold when both windows hold enough scores", () => {
    expect(distributionShiftAlerts(task, report(MIN_SHIFT_ALERT_N, MIN_SHIFT_ALERT_N)).map((a) => a.evidence.signal)).toEqual(["confidence"]);
  });

  it("raises none from a handful of scores, whatever the PSI (10 against 1 gave 8.3 from one distribution)", () => {
    expect(distributionShiftAlerts(task, report(10, 1))).toEqual([]);
    expect(distributionShiftAlerts(task, report(MIN_SHIFT_ALERT_N, MIN_SHIFT_ALERT_N - 1))).toEqual([]);
    expect(distributionShiftAlerts(task, report(MIN_SHIFT_ALERT_N - 1, 5_000))).toEqual([]);
  });
});
