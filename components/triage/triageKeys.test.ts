import { describe, expect, it } from "vitest";
import { triageAction } from "./triageKeys";

const press = (key: string, extra: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; targetIsField: boolean }> = {}) =>
  triageAction({ key, ctrlKey: false, metaKey: false, altKey: false, targetIsField: false, ...extra });

describe("triage keys", () => {
  it("maps 1/2/3 to verdicts, j/k to moves and n to the note", () => {
    expect(press("1")).toEqual({ kind: "verdict", verdict: "confirmed" });
    expect(press("2")).toEqual({ kind: "verdict", verdict: "false_positive" });
    expect(press("3")).toEqual({ kind: "verdict", verdict: "unsure" });
    expect(press("j")).toEqual({ kind: "next" });
    expect(press("k")).toEqual({ kind: "previous" });
    expect(press("n")).toEqual({ kind: "note" });
    expect(press("4")).toBeNull();
  });

  it("leaves typing in a field and modified keys alone", () => {
    expect(press("1", { targetIsField: true })).toBeNull();
    expect(press("j", { ctrlKey: true })).toBeNull();
    expect(press("k", { metaKey: true })).toBeNull();
  });
});
