import type { NormalizedToken } from "@/lib/logprobs/types";
import { candidateSet, isUsableLogprob } from "./tokenSignals";

/**
 * Drift probe maths (README, "Drift probes"): one position's top-k distribution of a run
 * against the baseline's at the same prompt and position.
 */

/**
 * Probability given, before the final renormalization, to a token listed on one side only:
 * the other side saw it below its top-k, so its mass there is small but not zero, and
 * KL stays finite. 1e-4 is below the 20th alternative's share in most real distributions.
 */
export const MISSING_TOKEN_PROBABILITY = 1e-4;

/** A position's renormalized top-k: token key → probability (sums to 1). */
export type TopKDistribution = Map<string, number>;

/** The key a token is matched by across runs: its raw bytes when known (byte tokens share the text U+FFFD), else its text. */
export function tokenKey(token: { token: string; bytes: number[] | null }): string {
  return token.bytes ? `b:${token.bytes.join(",")}` : `t:${token.token}`;
}

/**
 * The renormalized top-k at a position: the alternatives (plus the chosen token when not
 * listed), p_i = exp(lp_i) / Σ_j exp(lp_j). A token listed twice keeps its first (higher) entry.
 * Empty when the position has no usable logprob.
 */
export function topKDistribution(token: NormalizedToken): TopKDistribution {
  const distribution: TopKDistribution = new Map();
  let total = 0;
  for (const candidate of candidateSet(token)) {
    if (!isUsableLogprob(candidate.logprob)) continue;
    const key = tokenKey(candidate);
    if (distribution.has(key)) continue;
    const mass = Math.exp(candidate.logprob);
    distribution.set(key, mass);
    total += mass;
  }
  if (!(total > 0)) return new Map();
  for (const [key, mass] of distribution) distribution.set(key, mass / total);
  return distribution;
}

/**
 * Both sides over the union of their tokens, smoothed: a token missing from one side gets
 * MISSING_TOKEN_PROBABILITY there, then each side is renormalized to sum to 1. Two sides listing
 * the same tokens are returned unchanged.
 */
export function smoothedPair(baseline: TopKDistribution, run: TopKDistribution, epsilon = MISSING_TOKEN_PROBABILITY): { keys: string[]; p: number[]; q: number[] } {
  const keys = [...new Set([...baseline.keys(), ...run.keys()])];
  const side = (distribution: TopKDistribution) => {
    const raw = keys.map((key) => distribution.get(key) ?? epsilon);
    const total = raw.reduce((sum, value) => sum + value, 0);
    return raw.map((value) => value / total);
  };
  return { keys, p: side(baseline), q: side(run) };
}

/** KL(P_baseline ‖ P_run) in nats over the smoothed union: Σ p·ln(p/q). 0 for identical distributions. */
export function klDivergence(baseline: TopKDistribution, run: TopKDistribution, epsilon = MISSING_TOKEN_PROBABILITY): number {
  const { p, q } = smoothedPair(baseline, run, epsilon);
  let kl = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    if (pi > 0) kl += pi * Math.log(pi / (q[i] as number));
  }
  // Rounding can leave -1e-17 for equal sides; KL is never negative.
  return Math.max(0, kl);
}

/** Entropy of a renormalized top-k in bits (0 for a single candidate). */
export function distributionEntropyBits(distribution: TopKDistribution): number {
  let entropy = 0;
  for (const p of distribution.values()) if (p > 0) entropy -= p * Math.log2(p);
  return entropy;
}

/** The most probable token's key (the first one listed on a tie); null when empty. */
export function argmaxKey(distribution: TopKDistribution): string | null {
  let best: string | null = null;
  let bestP = -1;
  for (const [key, p] of distribution) {
    if (p > bestP) {
      best = key;
      bestP = p;
    }
  }
  return best;
}

export interface PositionComparison {
  position: number;
  kl: number;
  /** H(run) − H(baseline), bits: positive when the run is less sure. */
  entropyShift: number;
  argmaxChanged: boolean;
  baselineToken: string;
  runToken: string;
}

export interface GenerationComparison {
  /** The compared positions: 0 … first divergence (inclusive), or all of the shorter generation when they never diverge. */
  positions: PositionComparison[];
  /**
   * The first position whose chosen tokens differ (or where one generation ended and the other
   * went on); null when both generated the same tokens. Positions after it have different
   * contexts and are not compared.
   */
  firstDivergence: number | null;
}

/**
 * Aligns a run's generation with the baseline's from the same prompt: position i is compared
 * while both chose the same tokens at 0 … i−1 (same context), so the first position whose chosen
 * tokens differ is compared too, and reported as the first divergence.
 */
export function compareGenerations(baseline: readonly NormalizedToken[], run: readonly NormalizedToken[]): GenerationComparison {
  const positions: PositionComparison[] = [];
  const shorter = Math.min(baseline.length, run.length);
  let firstDivergence: number | null = null;
  for (let i = 0; i < shorter; i++) {
    const b = baseline[i] as NormalizedToken;
    const r = run[i] as NormalizedToken;
    const pb = topKDistribution(b);
    const pr = topKDistribution(r);
    if (pb.size > 0 && pr.size > 0) {
      positions.push({
        position: i,
        kl: klDivergence(pb, pr),
        entropyShift: distributionEntropyBits(pr) - distributionEntropyBits(pb),
        argmaxChanged: argmaxKey(pb) !== argmaxKey(pr),
        baselineToken: b.token,
        runToken: r.token,
      });
    }
    if (tokenKey(b) !== tokenKey(r)) {
      firstDivergence = i;
      break;
    }
  }
  if (firstDivergence === null && baseline.length !== run.length) firstDivergence = shorter;
  return { positions, firstDivergence };
}

export interface DriftSummary {
  /** Mean KL over every compared position (nats); null when none was compared. */
  meanKl: number | null;
  /** Mean entropy shift over every compared position (bits). */
  meanEntropyShift: number | null;
  /** Share of compared positions whose argmax changed, 0–1. */
  argmaxChangedShare: number | null;
  comparedPositions: number;
}

/** Position-weighted means over a set of compared positions (one generation, one prompt, or a whole run). */
export function summarizePositions(positions: readonly PositionComparison[]): DriftSummary {
  const n = positions.length;
  if (n === 0) return { meanKl: null, meanEntropyShift: null, argmaxChangedShare: null, comparedPositions: 0 };
  let kl = 0;
  let shift = 0;
  let changed = 0;
  for (const position of positions) {
    kl += position.kl;
    shift += position.entropyShift;
    if (position.argmaxChanged) changed++;
  }
  return { meanKl: kl / n, meanEntropyShift: shift / n, argmaxChangedShare: changed / n, comparedPositions: n };
}

export type DriftLabel = "baseline" | "modelDrift" | "dataDrift" | "stable" | "notCompared" | "failed";

/**
 * Model vs data drift (README, "Drift probes"): a run above its threshold is model drift (the
 * model answers fixed prompts differently); a run at or below it while production traffic of the
 * same model shifted in the window (a trendShift alert: hourly avgLogprob or margin 3σ off its
 * baseline) is data drift (the model is stable, the traffic changed); otherwise stable. A run
 * with no position to compare (empty outputs, no usable distribution) is not called stable.
 */
export function driftLabel(run: { status: string; isBaseline: boolean; meanKl: number | null }, threshold: number, trafficShifts: number): DriftLabel {
  if (run.status !== "completed") return "failed";
  if (run.isBaseline) return "baseline";
  if (run.meanKl === null) return "notCompared";
  if (run.meanKl > threshold) return "modelDrift";
  return trafficShifts > 0 ? "dataDrift" : "stable";
}
