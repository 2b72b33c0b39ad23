import type { NormalizedToken } from "@/lib/logprobs/types";
import { FLAG_RULES } from "../flags";
import { LOW_CONFIDENCE_LOGPROB, SUDDEN_DROP_NATS, type ResponseMetrics } from "../responseMetrics";
import { isUsableLogprob, tokenSignals } from "../tokenSignals";
import type { DetectorFinding, Severity } from "./types";

export type ThresholdRuleName = (typeof FLAG_RULES)[number]["rule"];

export interface ThresholdRuleThresholds {
  threshold: number;
}

const SEVERITY: Record<ThresholdRuleName, Severity> = {
  lowAvgLogprob: "warning",
  highPerplexity: "info",
  highMaxEntropy: "info",
  lowConfidenceRatio: "info",
  suddenDrops: "info",
};

/** Where in the response each rule's value comes from: the positions the token view outlines. */
function rulePositions(rule: ThresholdRuleName, tokens: readonly NormalizedToken[], threshold: number): number[] {
  const positions: number[] = [];
  if (rule === "highMaxEntropy") {
    tokens.forEach((token, position) => {
      const entropy = tokenSignals(token).entropyBits;
      if (entropy !== null && entropy > threshold) positions.push(position);
    });
  } else if (rule === "lowConfidenceRatio") {
    tokens.forEach((token, position) => {
      if (token.logprob !== null && token.logprob < LOW_CONFIDENCE_LOGPROB) positions.push(position);
    });
  } else if (rule === "suddenDrops") {
    let previous: number | null = null;
    tokens.forEach((token, position) => {
      const logprob = token.logprob;
      if (!isUsableLogprob(logprob)) {
        previous = null;
        return;
      }
      if (previous !== null && previous - logprob > SUDDEN_DROP_NATS) positions.push(position);
      previous = logprob;
    });
  }
  // lowAvgLogprob and highPerplexity describe the whole response: no single tokens.
  return positions;
}

/** The five original rules of lib/metrics/flags.ts, each with its project threshold and evidence. */
export function thresholdRule(
  rule: ThresholdRuleName,
  metrics: ResponseMetrics,
  tokens: readonly NormalizedToken[],
  thresholds: ThresholdRuleThresholds,
): DetectorFinding | null {
  const definition = FLAG_RULES.find((candidate) => candidate.rule === rule);
  if (!definition) return null;
  const value = metrics[definition.metric];
  if (typeof value !== "number") return null;
  const threshold = thresholds.threshold;
  const fired = definition.op === "<" ? value < threshold : value > threshold;
  if (!fired) return null;
  return {
    detector: rule,
    value,
    threshold,
    severity: SEVERITY[rule],
    evidence: { positions: rulePositions(rule, tokens, threshold), thresholds: { threshold }, metric: definition.metric, op: definition.op },
  };
}
