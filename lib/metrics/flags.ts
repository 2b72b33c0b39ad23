import type { ResponseMetrics } from "./responseMetrics";

/**
 * Default flag rules applied at ingest. Each fired rule is stored on the response as
 * `{rule, value, threshold}`; later detectors add rules here, in one place.
 */
export interface ResponseFlag {
  /** A detector name (lib/metrics/detectors/settings.ts): the five rules below or a later detector. */
  rule: string;
  value: number;
  threshold: number;
}

export const FLAG_RULES = [
  { rule: "lowAvgLogprob", metric: "avgLogprob", op: "<", threshold: -3, label: "avgLogprob < −3", name: "low avg logprob" },
  { rule: "highPerplexity", metric: "perplexity", op: ">", threshold: 15, label: "perplexity > 15", name: "high perplexity" },
  { rule: "highMaxEntropy", metric: "maxEntropyBits", op: ">", threshold: 3, label: "maxEntropyBits > 3", name: "high max entropy" },
  { rule: "lowConfidenceRatio", metric: "lowConfidenceRatio", op: ">", threshold: 0.25, label: "lowConfidenceRatio > 0.25", name: "low-confidence share" },
  { rule: "suddenDrops", metric: "suddenDrops", op: ">", threshold: 0, label: "suddenDrops > 0", name: "sudden drops" },
] as const satisfies ReadonlyArray<{
  rule: string;
  metric: keyof ResponseMetrics;
  op: "<" | ">";
  threshold: number;
  label: string;
  /** The one name every screen shows for the flag (alert feed, explorer badges, token view). */
  name: string;
}>;

/** Display names of the detectors added after the five rules (lib/metrics/detectors). */
const LATER_DETECTOR_NAMES: Record<string, string> = {
  sustainedLowConfidence: "sustained low confidence",
  repetitionLoop: "repetition loop",
  glitchToken: "glitch token",
  uncertainEntity: "uncertain entity",
  hallucinationScore: "hallucination score",
  trendShift: "trend shift",
  modelDrift: "model drift",
  distributionShift: "distribution shift",
};

/** A flag's display name; an unknown rule falls back to its id. */
export function flagName(rule: string): string {
  return FLAG_RULES.find((candidate) => candidate.rule === rule)?.name ?? LATER_DETECTOR_NAMES[rule] ?? rule;
}

export type FlagRuleName = (typeof FLAG_RULES)[number]["rule"];

export function responseFlags(metrics: ResponseMetrics): ResponseFlag[] {
  const flags: ResponseFlag[] = [];
  for (const rule of FLAG_RULES) {
    const value = metrics[rule.metric];
    if (typeof value !== "number") continue;
    const fired = rule.op === "<" ? value < rule.threshold : value > rule.threshold;
    if (fired) flags.push({ rule: rule.rule, value, threshold: rule.threshold });
  }
  return flags;
}
