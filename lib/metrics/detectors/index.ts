import type { NormalizedToken } from "@/lib/logprobs/types";
import type { ResponseMetrics } from "../responseMetrics";
import { glitchToken } from "./glitchToken";
import { hallucinationScore } from "./hallucinationScore";
import { repetitionLoop } from "./repetitionLoop";
import { defaultDetectorSettings, type DetectorSettings } from "./settings";
import { sustainedLowConfidence } from "./sustainedLowConfidence";
import { thresholdRule, type ThresholdRuleName } from "./thresholdRules";
import type { DetectorFinding } from "./types";
import { uncertainEntity } from "./uncertainEntity";

export type { DetectorFinding, DetectorEvidence, Severity } from "./types";

export interface DetectorExtras {
  /** Agreement with sibling samples of the same prompt (0–1), where there are any. */
  sampleConsistency?: number | null;
}

const THRESHOLD_RULES: ThresholdRuleName[] = ["lowAvgLogprob", "highPerplexity", "highMaxEntropy", "lowConfidenceRatio", "suddenDrops"];

/**
 * Runs every enabled per-response detector on one response (at ingest, in the worker) and
 * returns the ones that fired, each with its evidence, in RESPONSE_DETECTORS order.
 */
export function runDetectors(
  tokens: readonly NormalizedToken[],
  metrics: ResponseMetrics,
  settings: DetectorSettings = defaultDetectorSettings(),
  extras: DetectorExtras = {},
): DetectorFinding[] {
  const findings: DetectorFinding[] = [];
  const push = (finding: DetectorFinding | null) => {
    if (finding) findings.push(finding);
  };
  for (const rule of THRESHOLD_RULES) {
    if (settings[rule].enabled) push(thresholdRule(rule, metrics, tokens, settings[rule].thresholds));
  }
  if (settings.sustainedLowConfidence.enabled) push(sustainedLowConfidence(tokens, settings.sustainedLowConfidence.thresholds));
  if (settings.repetitionLoop.enabled) push(repetitionLoop(tokens, settings.repetitionLoop.thresholds));
  if (settings.glitchToken.enabled) push(glitchToken(tokens));
  // The score's entity term uses the entity threshold even when the entity detector is off.
  const entity = settings.uncertainEntity.enabled || settings.hallucinationScore.enabled ? uncertainEntity(tokens, settings.uncertainEntity.thresholds) : null;
  if (settings.uncertainEntity.enabled) push(entity);
  if (settings.hallucinationScore.enabled) {
    push(hallucinationScore({ metrics, uncertainEntity: entity, sampleConsistency: extras.sampleConsistency }, settings.hallucinationScore.thresholds));
  }
  return findings;
}
