import type { Verdict } from "@/lib/triage/verdicts";

/** The triage page's one-hand keys (README, "Triage"). */
export const VERDICT_KEYS: ReadonlyArray<{ key: string; verdict: Verdict; label: string }> = [
  { key: "1", verdict: "confirmed", label: "Confirmed" },
  { key: "2", verdict: "false_positive", label: "False positive" },
  { key: "3", verdict: "unsure", label: "Unsure" },
];

export type TriageAction = { kind: "verdict"; verdict: Verdict } | { kind: "next" } | { kind: "previous" } | { kind: "note" };

/**
 * What a key press does on the triage page, or null: keys typed into a field, or with a
 * modifier (browser shortcuts), are left alone.
 */
export function triageAction(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; targetIsField: boolean }): TriageAction | null {
  if (event.targetIsField || event.ctrlKey || event.metaKey || event.altKey) return null;
  const verdict = VERDICT_KEYS.find((entry) => entry.key === event.key);
  if (verdict) return { kind: "verdict", verdict: verdict.verdict };
  if (event.key === "j") return { kind: "next" };
  if (event.key === "k") return { kind: "previous" };
  if (event.key === "n") return { kind: "note" };
  return null;
}
