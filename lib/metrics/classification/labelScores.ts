import type { NormalizedToken } from "@/lib/logprobs/types";

/**
 * A classifier's label scores from one response: the first generated token's top_logprobs (or a
 * full label sequence's logprobs), renormalized over the task's labels only.
 *
 * - Matching: a candidate token (each top_logprobs entry, and the chosen token) matches a label
 *   when both are equal after trimming whitespace and ignoring case (" Yes", "yes", "YES" → "Yes").
 *   The best-scoring variant stands for the label (its highest logprob; variants are not summed).
 * - Floor: a label none of whose variants is in the top-k gets logprob
 *   `min(finite top-k logprobs) − ln 2` (half the least probable shown token's probability: the
 *   label was less probable than every token shown), and is listed in `floored`.
 * - P(label_i) = exp(lp_i) / Σ_j exp(lp_j) over the labels only.
 */
export const FLOOR_LOG_OFFSET = Math.log(2);
/** The lowest label logprob kept, and the floor when no finite logprob was shown at all. */
export const FLOOR_WHEN_NOTHING_SHOWN = -30;

export interface LabelScores {
  /** Where the label logprobs came from. */
  source: "top_logprobs" | "sequence";
  /** Label logprob per label, in the task's label order (floored ones included). */
  logprobs: number[];
  /** Renormalized probability per label, same order. */
  probabilities: number[];
  predicted: string;
  /** The top label's renormalized probability. */
  confidence: number;
  /** Top-1 minus top-2 label logprob (nats, ≥ 0). */
  logMargin: number;
  /** Shannon entropy of the renormalized label distribution, bits. */
  entropyBits: number;
  /** Labels that got the floor because no variant was among the candidates. */
  floored: string[];
}

/** The comparison key of a label or token: trimmed, lower-cased. */
export function labelKey(text: string): string {
  return text.trim().toLowerCase();
}

/** Softmax of logprobs (shifted by the max for stability). */
export function renormalize(logprobs: readonly number[]): number[] {
  const max = Math.max(...logprobs);
  const weights = logprobs.map((lp) => Math.exp(lp - max));
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => w / total);
}

/** Scores from per-label logprobs (null = missing, floored). Null when no label was found at all. */
export function scoresFromLabelLogprobs(
  labels: readonly string[],
  found: ReadonlyArray<number | null>,
  floor: number,
  source: LabelScores["source"],
): LabelScores | null {
  if (found.every((lp) => lp === null)) return null;
  const floored = labels.filter((_, i) => found[i] === null);
  // Kept finite (a label at probability 0 would make the margin and NLL infinite).
  const logprobs = found.map((lp) => Math.max(lp ?? floor, FLOOR_WHEN_NOTHING_SHOWN));
  const probabilities = renormalize(logprobs);
  const order = logprobs.map((lp, i) => ({ lp, i })).sort((a, b) => b.lp - a.lp || a.i - b.i);
  const top = order[0] as { lp: number; i: number };
  const second = order[1];
  const entropyBits = -probabilities.reduce((sum, p) => (p > 0 ? sum + p * Math.log2(p) : sum), 0);
  return {
    source,
    logprobs,
    probabilities,
    predicted: labels[top.i] as string,
    confidence: probabilities[top.i] as number,
    logMargin: second ? top.lp - second.lp : 0,
    entropyBits,
    floored,
  };
}

/** The label scores of a first generated token (null when no candidate matches any label). */
export function scoresFromFirstToken(labels: readonly string[], token: NormalizedToken | undefined): LabelScores | null {
  if (!token) return null;
  const candidates = token.top.map((alt) => ({ text: alt.token, logprob: alt.logprob }));
  // The chosen token counts once, listed or not (its probability is in the shown mass once).
  if (token.logprob !== null && !candidates.some((c) => c.text === token.token)) candidates.push({ text: token.token, logprob: token.logprob });
  const keys = labels.map(labelKey);
  const found: Array<number | null> = labels.map(() => null);
  for (const candidate of candidates) {
    const index = keys.indexOf(labelKey(candidate.text));
    if (index < 0 || Number.isNaN(candidate.logprob)) continue;
    const current = found[index];
    if (current === null || current === undefined || candidate.logprob > current) found[index] = candidate.logprob;
  }
  return scoresFromLabelLogprobs(labels, found, floorFor(candidates.map((c) => c.logprob), found.filter((lp) => lp === null).length), "top_logprobs");
}

/**
 * The label scores of a record carrying each label's full-sequence logprob (the envelope's
 * `metadata.labelLogprobs`, `{"<label>": <logprob>}`; keys matched like tokens). Labels absent
 * from it get the floor below the least probable label given.
 */
export function scoresFromSequenceLogprobs(labels: readonly string[], labelLogprobs: Record<string, unknown>): LabelScores | null {
  const keys = labels.map(labelKey);
  const found: Array<number | null> = labels.map(() => null);
  const given: number[] = [];
  for (const [text, value] of Object.entries(labelLogprobs)) {
    if (typeof value !== "number" || Number.isNaN(value) || value > 1e-3) continue;
    given.push(value);
    const index = keys.indexOf(labelKey(text));
    if (index < 0) continue;
    const current = found[index];
    if (current === null || current === undefined || value > current) found[index] = value;
  }
  return scoresFromLabelLogprobs(labels, found, floorFor(given, found.filter((lp) => lp === null).length), "sequence");
}

/**
 * The documented floor of an absent label: below everything shown (the least probable finite
 * candidate's logprob minus ln 2), and no more than its share of the probability nothing shown
 * holds (ln((1 − Σ shown p) / absent labels)): with only the chosen token shown at p = 0.99, an
 * absent label has at most 0.01. A candidate of probability 0 puts the floor at the clamp.
 */
export function floorFor(logprobs: readonly number[], absent = 1): number {
  if (logprobs.some((lp) => lp === -Infinity)) return FLOOR_WHEN_NOTHING_SHOWN;
  const finite = logprobs.filter((lp) => Number.isFinite(lp));
  if (finite.length === 0) return FLOOR_WHEN_NOTHING_SHOWN;
  const belowShown = Math.min(...finite) - FLOOR_LOG_OFFSET;
  const unseen = 1 - finite.reduce((sum, lp) => sum + Math.exp(lp), 0);
  const share = unseen > 0 ? Math.log(unseen / Math.max(1, absent)) : FLOOR_WHEN_NOTHING_SHOWN;
  return Math.max(Math.min(belowShown, share), FLOOR_WHEN_NOTHING_SHOWN);
}
