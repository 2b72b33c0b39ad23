/**
 * Distribution shift of one signal (confidence, log margin, label entropy) between a reference
 * and a current window.
 * PSI: 10 bins cut at the reference's deciles (the type-7 linear-interpolation quantiles at
 * 0.1…0.9; bin i holds values in (edge_{i−1}, edge_i], the first from −∞, the last to +∞);
 * PSI = Σ_i (c_i − r_i)·ln(c_i / r_i) with c_i, r_i the current and reference shares, each
 * raised to at least PSI_EPSILON = 1e-4 so an empty bin does not make PSI infinite.
 * KS: D = sup_x |F_ref(x) − F_cur(x)| over the empirical CDFs; p-value from the asymptotic
 * Kolmogorov distribution with Stephens' small-sample correction (Numerical Recipes `probks`):
 * λ = (√nₑ + 0.12 + 0.11/√nₑ)·D, nₑ = n·m/(n + m), p = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}.
 */
export const PSI_BINS = 10;
export const PSI_EPSILON = 1e-4;

/** Type-7 quantile (linear interpolation between order statistics) of sorted values. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower] as number;
  return a + ((sorted[upper] as number) - a) * (position - lower);
}

export function decileEdges(reference: readonly number[]): number[] {
  const sorted = [...reference].sort((a, b) => a - b);
  return Array.from({ length: PSI_BINS - 1 }, (_, i) => quantileSorted(sorted, (i + 1) / PSI_BINS));
}

/** Share of values per bin, bin i holding (edges[i−1], edges[i]]. */
export function binShares(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const value of values) {
    let bin = 0;
    while (bin < edges.length && value > (edges[bin] as number)) bin++;
    counts[bin] = (counts[bin] as number) + 1;
  }
  return counts.map((count) => (values.length > 0 ? count / values.length : 0));
}

export function psi(reference: readonly number[], current: readonly number[]): number | null {
  if (reference.length === 0 || current.length === 0) return null;
  const edges = decileEdges(reference);
  const r = binShares(reference, edges);
  const c = binShares(current, edges);
  return r.reduce((sum, share, i) => {
    const ri = Math.max(share, PSI_EPSILON);
    const ci = Math.max(c[i] as number, PSI_EPSILON);
    return sum + (ci - ri) * Math.log(ci / ri);
  }, 0);
}

/** Two-sample KS statistic D (merge of the sorted samples). */
export function ksStatistic(a: readonly number[], b: readonly number[]): number {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const value = Math.min(x[i] as number, y[j] as number);
    while (i < x.length && (x[i] as number) <= value) i++;
    while (j < y.length && (y[j] as number) <= value) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/** Kolmogorov's Q_KS(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²} (1 for λ near 0). */
export function kolmogorovQ(lambda: number): number {
  if (lambda < 1e-3) return 1;
  let sum = 0;
  let previous = 0;
  for (let k = 1; k <= 100; k++) {
    const term = 2 * (k % 2 === 1 ? 1 : -1) * Math.exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) <= 1e-10 * Math.abs(sum) || Math.abs(term) <= 1e-16 * previous) return Math.min(Math.max(sum, 0), 1);
    previous = Math.abs(term);
  }
  return 1; // not converged: λ so small the series alternates without settling, i.e. p ≈ 1
}

export interface KsResult {
  statistic: number;
  pValue: number;
}

export function ksTest(a: readonly number[], b: readonly number[]): KsResult | null {
  if (a.length === 0 || b.length === 0) return null;
  const statistic = ksStatistic(a, b);
  const ne = (a.length * b.length) / (a.length + b.length);
  const root = Math.sqrt(ne);
  return { statistic, pValue: kolmogorovQ((root + 0.12 + 0.11 / root) * statistic) };
}
