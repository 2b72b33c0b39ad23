import type { ResponseMetrics } from "./responseMetrics";

/**
 * Default flag rules applied at ingest. Each fired rule is stored on the response as
 * `{rule, value, threshold}`; later detectors add rules here, in one place.
 */
export interface ResponseFlag {
  rule: FlagRuleName;
  value: number;
  threshold: number;
}

export const FLAG_RULES = [
  { rule: "lowAvgLogprob", metric: "avgLogprob", op: "<", threshold: -3, label: "avgLogprob < −3" },
  { rule: "highPerplexity", metric: "perplexity", op: ">", threshold: 15, label: "perplexity > 15" },
  { rule: "highMaxEntropy", metric: "maxEntropyBits", op: ">", threshold: 3, label: "maxEntropyBits > 3" },
  { rule: "lowConfidenceRatio", metric: "lowConfidenceRatio", op: ">", threshold: 0.25, label: "lowConfidenceRatio > 0.25" },
  { rule: "suddenDrops", metric: "suddenDrops", op: ">", threshold: 0, label: "suddenDrops > 0" },
] as const satisfies ReadonlyArray<{
  rule: string;
  metric: keyof ResponseMetrics;
  op: "<" | ">";
  threshold: number;
  label: string;
}>;

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
