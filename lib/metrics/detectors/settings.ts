import { z } from "zod";
import { FLAG_RULES, flagName } from "../flags";
import { HALLUCINATION_SCORE_DEFAULTS } from "./hallucinationScore";
import { REPETITION_LOOP_DEFAULTS } from "./repetitionLoop";
import { SUSTAINED_LOW_CONFIDENCE_DEFAULTS } from "./sustainedLowConfidence";
import { UNCERTAIN_ENTITY_DEFAULTS } from "./uncertainEntity";

/** Per-response detectors, in the order they run and are shown. */
export const RESPONSE_DETECTORS = [
  ...FLAG_RULES.map((rule) => rule.rule),
  "sustainedLowConfidence",
  "repetitionLoop",
  "glitchToken",
  "uncertainEntity",
  "hallucinationScore",
] as const;
export type ResponseDetectorName = (typeof RESPONSE_DETECTORS)[number];

/**
 * Every detector that raises alerts: the per-response ones, the hourly per-model trend, and the
 * drift probes' `modelDrift` (lib/probes; its threshold is each probe set's own).
 */
export const ALL_DETECTORS = [...RESPONSE_DETECTORS, "trendShift", "modelDrift"] as const;
export type DetectorName = (typeof ALL_DETECTORS)[number];

/**
 * Every detector an alert can name: those above and the classification tasks'
 * `distributionShift` (lib/classification/shiftAlerts.ts), whose thresholds are each task's own.
 */
export const ALERT_DETECTORS = [...ALL_DETECTORS, "distributionShift"] as const;
export type AlertDetectorName = (typeof ALERT_DETECTORS)[number];

const finite = z.number().finite();

/** Each detector's thresholds, with its default (README, "Detectors"). */
export const detectorThresholdSchemas = {
  lowAvgLogprob: z.object({ threshold: finite.default(-3) }),
  highPerplexity: z.object({ threshold: finite.positive().default(15) }),
  highMaxEntropy: z.object({ threshold: finite.min(0).default(3) }),
  lowConfidenceRatio: z.object({ threshold: finite.min(0).max(1).default(0.25) }),
  suddenDrops: z.object({ threshold: finite.int().min(0).default(0) }),
  sustainedLowConfidence: z.object({
    minRun: z.number().int().min(1).max(10_000).default(SUSTAINED_LOW_CONFIDENCE_DEFAULTS.minRun),
    maxLogprob: finite.max(0).default(SUSTAINED_LOW_CONFIDENCE_DEFAULTS.maxLogprob),
  }),
  repetitionLoop: z.object({
    minN: z.number().int().min(1).max(32).default(REPETITION_LOOP_DEFAULTS.minN),
    minRepeats: z.number().int().min(2).max(1_000).default(REPETITION_LOOP_DEFAULTS.minRepeats),
  }),
  glitchToken: z.object({}),
  uncertainEntity: z.object({ maxMeanLogprob: finite.max(0).default(UNCERTAIN_ENTITY_DEFAULTS.maxMeanLogprob) }),
  hallucinationScore: z.object({
    minScore: z.number().int().min(0).max(6).default(HALLUCINATION_SCORE_DEFAULTS.minScore),
    avgLogprob: finite.max(0).default(HALLUCINATION_SCORE_DEFAULTS.avgLogprob),
    lowConfidenceRatio: finite.min(0).max(1).default(HALLUCINATION_SCORE_DEFAULTS.lowConfidenceRatio),
    consistency: finite.min(0).max(1).default(HALLUCINATION_SCORE_DEFAULTS.consistency),
  }),
  trendShift: z.object({
    sigmas: finite.positive().default(3),
    baselineDays: z.number().int().min(1).max(90).default(7),
    /** Hours of baseline a model needs before its trend is judged. */
    minBaselineHours: z.number().int().min(2).max(24 * 90).default(24),
  }),
  // The KL threshold lives on each probe set (README, "Drift probes"); this row only switches it.
  modelDrift: z.object({}),
} satisfies Record<DetectorName, z.ZodType>;

export type DetectorThresholds = { [K in DetectorName]: z.infer<(typeof detectorThresholdSchemas)[K]> };

export type DetectorSettings = { [K in DetectorName]: { enabled: boolean; thresholds: DetectorThresholds[K] } };

/** Every detector on, at its default thresholds. */
export function defaultDetectorSettings(): DetectorSettings {
  const settings = {} as Record<DetectorName, { enabled: boolean; thresholds: unknown }>;
  for (const name of ALL_DETECTORS) settings[name] = { enabled: true, thresholds: detectorThresholdSchemas[name].parse({}) };
  return settings as DetectorSettings;
}

export function isDetectorName(name: string): name is DetectorName {
  return (ALL_DETECTORS as readonly string[]).includes(name);
}

/**
 * The settings from stored rows (detector, enabled, thresholds JSON) over the defaults. A row
 * whose thresholds no longer validate keeps the defaults for what it got wrong rather than
 * stopping ingestion.
 */
export function mergeDetectorSettings(rows: ReadonlyArray<{ detector: string; enabled: boolean; thresholds: string | null }>): DetectorSettings {
  const settings = defaultDetectorSettings() as Record<DetectorName, { enabled: boolean; thresholds: unknown }>;
  for (const row of rows) {
    if (!isDetectorName(row.detector)) continue;
    let stored: unknown = {};
    try {
      stored = row.thresholds ? JSON.parse(row.thresholds) : {};
    } catch {
      stored = {};
    }
    settings[row.detector] = { enabled: row.enabled, thresholds: storedThresholds(row.detector, stored) };
  }
  return settings as DetectorSettings;
}

/** Stored thresholds over the defaults, value by value: an invalid value falls back to its own default, the others stay. */
function storedThresholds(detector: DetectorName, stored: unknown): unknown {
  const schema: z.ZodObject = detectorThresholdSchemas[detector];
  const whole = schema.safeParse(stored);
  if (whole.success) return whole.data;
  const values = typeof stored === "object" && stored !== null ? (stored as Record<string, unknown>) : {};
  const merged: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const value = (field as z.ZodType).safeParse(values[key]);
    merged[key] = value.success ? value.data : (field as z.ZodType).parse(undefined);
  }
  return schema.parse(merged);
}

/** Display names, one per detector, for every screen. */
export const DETECTOR_NAMES = Object.fromEntries(ALL_DETECTORS.map((name) => [name, flagName(name)])) as Record<DetectorName, string>;
