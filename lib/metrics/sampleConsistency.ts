/**
 * Multi-sample consistency: how much N answers to the same prompt agree (the self-consistency
 * idea of SelfCheckGPT-style detectors, with a lexical measure).
 */

/** Two answers with a ROUGE-L F1 at or above this are "near-identical" (same cluster). */
export const NEAR_IDENTICAL_F1 = 0.9;

/** Lower-cased words: runs of letters, digits and apostrophes (Unicode-aware); punctuation is dropped. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
}

/** Length of the longest common subsequence of two word lists (O(n·m) time, O(m) memory). */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(above, row[j - 1] as number);
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/**
 * ROUGE-L F1 on words (Lin 2004, β = 1): with L = LCS(a, b), P = L/|a|, R = L/|b|,
 * F1 = 2PR/(P+R). Symmetric. Two empty answers are identical (1); one empty answer shares nothing (0).
 */
export function rougeLF1(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  if (wa.length === 0 && wb.length === 0) return 1;
  if (wa.length === 0 || wb.length === 0) return 0;
  const lcs = lcsLength(wa, wb);
  if (lcs === 0) return 0;
  const precision = lcs / wa.length;
  const recall = lcs / wb.length;
  return (2 * precision * recall) / (precision + recall);
}

export interface SampleCluster {
  /** Indexes of the samples in this cluster, ascending. */
  members: number[];
  /** members / N. */
  share: number;
}

export interface SampleConsistency {
  /** similarity[i][j] = ROUGE-L F1 of samples i and j (1 on the diagonal). */
  similarity: number[][];
  /** Mean pairwise similarity over the N(N-1)/2 pairs; null below two samples. */
  consistency: number | null;
  /** Clusters of near-identical answers, largest first (ties: lowest first member). */
  clusters: SampleCluster[];
}

/**
 * Pairwise ROUGE-L F1, their mean, and clusters: single linkage at NEAR_IDENTICAL_F1, i.e. the
 * connected components of the graph joining every pair with F1 ≥ the cut.
 */
export function sampleConsistency(samples: readonly string[], cut = NEAR_IDENTICAL_F1): SampleConsistency {
  const n = samples.length;
  const similarity = samples.map(() => new Array<number>(n).fill(1));
  let sum = 0;
  const parent = samples.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const f1 = rougeLF1(samples[i] as string, samples[j] as string);
      (similarity[i] as number[])[j] = f1;
      (similarity[j] as number[])[i] = f1;
      sum += f1;
      if (f1 >= cut) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  }
  const clusters = [...groups.values()]
    .map((members) => ({ members, share: members.length / n }))
    .sort((a, b) => b.members.length - a.members.length || (a.members[0] as number) - (b.members[0] as number));
  const pairs = (n * (n - 1)) / 2;
  return { similarity, consistency: pairs > 0 ? sum / pairs : null, clusters };
}

/** Longest sample (in words) whose siblings are compared: ROUGE-L is quadratic in length. */
export const CONSISTENCY_MAX_WORDS = 2_000;

/**
 * The multi-sample consistency of a record's sibling samples, for the hallucination score (README,
 * "Detection and alerts"): the choices of an n>1 response compared here (mean pairwise ROUGE-L F1
 * on words, above), or, for a sample saved on its own with its
 * siblings (the playground), the group's figure it carries in `metadata.playground.consistency`.
 * Null where there are no siblings, or one is longer than CONSISTENCY_MAX_WORDS words.
 */
export function siblingConsistency(texts: readonly string[], metadata: Record<string, unknown> | null): number | null {
  if (texts.length > 1) {
    if (texts.some((text) => words(text).length > CONSISTENCY_MAX_WORDS)) return null;
    return sampleConsistency(texts).consistency;
  }
  const playground = metadata?.playground;
  if (typeof playground !== "object" || playground === null) return null;
  const { consistency, sampleCount } = playground as { consistency?: unknown; sampleCount?: unknown };
  if (typeof consistency !== "number" || !Number.isFinite(consistency) || !(typeof sampleCount === "number" && sampleCount > 1)) return null;
  return Math.min(1, Math.max(0, consistency));
}
