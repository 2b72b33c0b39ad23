import { describe, expect, it } from "vitest";
import type { NormalizedToken } from "@/lib/logprobs/types";
import { compareRun } from "./compareRun";

const token = (text: string, top: Record<string, number>): NormalizedToken => ({
  token: text,
  logprob: Math.log(top[text] ?? 1e-9),
  bytes: null,
  top: Object.entries(top).map(([alt, p]) => ({ token: alt, logprob: Math.log(p), bytes: null })),
});
const A = token("A", { A: 0.9, B: 0.1 });
const B = token("B", { B: 0.6, C: 0.4 });
const C = token("C", { C: 0.6, B: 0.4 });

describe("compareRun (a run against its baseline)", () => {
  it("pairs repeats with the baseline's (r mod n), weights the run's mean by position and keeps the moved positions with their windows", () => {
    const baseline = [{ promptIndex: 0, repeatIndex: 0, tokens: [A, B, A] }];
    const run = [
      { promptIndex: 0, repeatIndex: 0, tokens: [A, B, A] },
      // Repeat 1 is compared with baseline repeat 0 too (1 mod 1): diverges at position 1.
      { promptIndex: 0, repeatIndex: 1, tokens: [A, C, A] },
    ];
    const result = compareRun(7, baseline, run);
    expect(result.baselineRunId).toBe(7);
    expect(result.prompts).toHaveLength(1);
    expect(result.prompts[0]!.firstDivergences).toEqual([null, 1]);
    // 5 compared positions (3 + 2), one with KL 0.2·ln 1.5.
    expect(result.summary.comparedPositions).toBe(5);
    expect(result.summary.meanKl).toBeCloseTo((0.2 * Math.log(1.5)) / 5, 12);
    expect(result.summary.argmaxChangedShare).toBeCloseTo(1 / 5, 12);
    expect(result.movedPositions).toHaveLength(1);
    const moved = result.movedPositions[0]!;
    expect(moved).toMatchObject({ promptIndex: 0, repeatIndex: 1, position: 1, firstDivergence: true, windowStart: 0, baselineToken: "B", runToken: "C" });
    expect(moved.baselineWindow.map((t) => t.token)).toEqual(["A", "B"]);
    expect(moved.runWindow.map((t) => t.token)).toEqual(["A", "C"]);
  });

  it("skips prompts the baseline does not have", () => {
    const result = compareRun(1, [{ promptIndex: 0, repeatIndex: 0, tokens: [A] }], [{ promptIndex: 3, repeatIndex: 0, tokens: [A] }]);
    expect(result.prompts).toEqual([]);
    expect(result.summary.meanKl).toBeNull();
  });
});
