import type { TokenAlternative } from "@/lib/logprobs/types";
import { labelKey, renormalize } from "./classification/labelScores";

/** One label's share of the probability mass the model gave the label set at one position. */
export interface LabelProbability {
  label: string;
  /** The best-matching alternative's logprob, or null when no variant of the label was in the top-k. */
  logprob: number | null;
  /** The alternative's text that matched (e.g. " Yes" for the label "yes"). */
  matchedToken: string | null;
  /** exp(lp_i) / Σ_j exp(lp_j) over the labels found; null for a label absent from the top-k. */
  probability: number | null;
  inTopK: boolean;
}

/**
 * Renormalizes one token's top-k alternatives over a fixed label set:
 * P(label_i) = exp(lp_i) / Σ_j exp(lp_j), the sum over the labels found in the top-k only.
 * A label's lp is its best variant's (the highest logprob among alternatives whose trimmed,
 * lower-cased text equals the label's). Labels absent from the top-k get probability null and
 * `inTopK: false`: their true probability is below the k-th alternative's, not zero.
 * Duplicate labels (by the same key) are kept once, in their first spelling.
 */
export function labelProbabilities(labels: readonly string[], alternatives: readonly Pick<TokenAlternative, "token" | "logprob">[]): LabelProbability[] {
  const seen = new Set<string>();
  const found: LabelProbability[] = [];
  for (const label of labels) {
    const key = labelKey(label);
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    let best: Pick<TokenAlternative, "token" | "logprob"> | null = null;
    for (const alt of alternatives) {
      if (labelKey(alt.token) === key && Number.isFinite(alt.logprob) && (best === null || alt.logprob > best.logprob)) best = alt;
    }
    found.push({ label, logprob: best?.logprob ?? null, matchedToken: best?.token ?? null, probability: null, inTopK: best !== null });
  }
  const present = found.filter((entry) => entry.logprob !== null);
  if (present.length === 0) return found;
  // The classifier's renormalization (lib/metrics/classification/labelScores.ts), without its floor:
  // here a label absent from the top-k is left out of the sum.
  const probabilities = renormalize(present.map((entry) => entry.logprob as number));
  present.forEach((entry, i) => (entry.probability = probabilities[i] as number));
  return found;
}
