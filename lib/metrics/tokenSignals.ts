import type { NormalizedToken, TokenAlternative } from "@/lib/logprobs/types";

/** Logprobs at or below this are vLLM's -9999.0 stand-in for minus infinity (normalized to -Infinity by the parsers). */
export function isUsableLogprob(logprob: number | null): logprob is number {
  return logprob !== null && Number.isFinite(logprob);
}

/**
 * The candidate set the per-token signals are computed over: the provider's top-k
 * alternatives, plus the chosen token when the provider did not list it.
 * Sorted by logprob, most probable first.
 */
export function candidateSet(token: NormalizedToken): TokenAlternative[] {
  const set = token.top.slice();
  if (token.logprob !== null && !token.top.some((alt) => alt.token === token.token)) {
    set.push({ token: token.token, logprob: token.logprob, bytes: token.bytes });
  }
  return set.sort((a, b) => b.logprob - a.logprob);
}

/**
 * Top-k renormalized entropy in bits: H = -Σ q·log2 q, with q the candidate set's
 * probabilities renormalized to sum to 1. Null when fewer than 2 candidates.
 */
export function tokenEntropyBits(candidates: readonly TokenAlternative[]): number | null {
  if (candidates.length < 2) return null;
  let total = 0;
  for (const alt of candidates) total += Math.exp(alt.logprob);
  if (!(total > 0)) return null;
  let entropy = 0;
  for (const alt of candidates) {
    const q = Math.exp(alt.logprob) / total;
    if (q > 0) entropy -= q * Math.log2(q);
  }
  return entropy;
}

/** Margin in nats: top-1 minus top-2 logprob of the candidate set. Null when fewer than 2 candidates. */
export function tokenMargin(candidates: readonly TokenAlternative[]): number | null {
  const first = candidates[0];
  const second = candidates[1];
  if (!first || !second) return null;
  const margin = first.logprob - second.logprob;
  return Number.isNaN(margin) ? null : margin;
}

export interface TokenSignals {
  probability: number | null;
  entropyBits: number | null;
  margin: number | null;
}

/**
 * The same signals as tokenEntropyBits/tokenMargin over candidateSet, in one pass without
 * allocating: this runs for every token at ingest.
 */
export function tokenSignals(token: NormalizedToken): TokenSignals {
  const top = token.top;
  let count = top.length;
  let chosenListed = false;
  let best = -Infinity;
  let second = -Infinity;
  let total = 0;
  for (let i = 0; i < top.length; i++) {
    const alt = top[i] as TokenAlternative;
    if (alt.token === token.token) chosenListed = true;
    const logprob = alt.logprob;
    if (logprob > best) {
      second = best;
      best = logprob;
    } else if (logprob > second) {
      second = logprob;
    }
    total += Math.exp(logprob);
  }
  const chosen = token.logprob;
  if (chosen !== null && !chosenListed) {
    count++;
    if (chosen > best) {
      second = best;
      best = chosen;
    } else if (chosen > second) {
      second = chosen;
    }
    total += Math.exp(chosen);
  }
  let entropyBits: number | null = null;
  if (count >= 2 && total > 0) {
    let entropy = 0;
    const addTerm = (logprob: number) => {
      const q = Math.exp(logprob) / total;
      if (q > 0) entropy -= q * Math.log2(q);
    };
    for (let i = 0; i < top.length; i++) addTerm((top[i] as TokenAlternative).logprob);
    if (chosen !== null && !chosenListed) addTerm(chosen);
    entropyBits = entropy;
  }
  const margin = count >= 2 ? best - second : null;
  return {
    probability: chosen === null ? null : Math.exp(chosen),
    entropyBits,
    margin: margin === null || Number.isNaN(margin) ? null : margin,
  };
}
