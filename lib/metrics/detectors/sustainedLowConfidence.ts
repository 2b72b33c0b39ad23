import type { NormalizedToken } from "@/lib/logprobs/types";
import { positionRange, type DetectorFinding } from "./types";

export interface SustainedLowConfidenceThresholds {
  /** Shortest run that fires. */
  minRun: number;
  /** A token is low when its logprob is below this (nats). */
  maxLogprob: number;
}

export const SUSTAINED_LOW_CONFIDENCE_DEFAULTS: SustainedLowConfidenceThresholds = { minRun: 8, maxLogprob: -2.5 };

/**
 * Runs of at least `minRun` consecutive tokens each with logprob < `maxLogprob`. A -Infinity
 * logprob (vLLM's -9999 stand-in) is low; a token without a logprob ends a run. Value: the
 * longest run's length.
 */
export function sustainedLowConfidence(
  tokens: readonly NormalizedToken[],
  thresholds: SustainedLowConfidenceThresholds = SUSTAINED_LOW_CONFIDENCE_DEFAULTS,
): DetectorFinding | null {
  const runs: Array<{ start: number; end: number; length: number; meanLogprob: number | null }> = [];
  let start = -1;
  const close = (end: number) => {
    if (start >= 0 && end - start >= thresholds.minRun) {
      let sum = 0;
      let finite = 0;
      for (let i = start; i < end; i++) {
        const logprob = tokens[i]?.logprob ?? null;
        if (logprob !== null && Number.isFinite(logprob)) {
          sum += logprob;
          finite++;
        }
      }
      runs.push({ start, end, length: end - start, meanLogprob: finite > 0 ? sum / finite : null });
    }
    start = -1;
  };
  for (let i = 0; i < tokens.length; i++) {
    const logprob = (tokens[i] as NormalizedToken).logprob;
    const low = logprob !== null && logprob < thresholds.maxLogprob;
    if (low && start < 0) start = i;
    else if (!low) close(i);
  }
  close(tokens.length);
  if (runs.length === 0) return null;
  const longest = Math.max(...runs.map((run) => run.length));
  return {
    detector: "sustainedLowConfidence",
    value: longest,
    threshold: thresholds.minRun,
    severity: "warning",
    evidence: {
      positions: runs.flatMap((run) => positionRange(run.start, run.end)),
      thresholds: { ...thresholds },
      runs,
    },
  };
}
