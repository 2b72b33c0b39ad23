/**
 * What every per-response detector returns when it fires: the measured value against its
 * threshold, the severity, and the evidence a human checks (token positions plus the
 * detector's own details). Pure data: stored as the alert's evidence JSON and the flag.
 */
export type Severity = "info" | "warning" | "critical";

export interface DetectorEvidence {
  /** Output token positions (0-based) the token view outlines; sorted, unique. */
  positions: number[];
  /** The thresholds the detector fired against, by name. */
  thresholds: Record<string, number>;
  /** Detector-specific details (runs, spans, terms, ...). */
  [detail: string]: unknown;
}

export interface DetectorFinding {
  detector: string;
  /** The measured value compared with `threshold` (for the flags column and the feed). */
  value: number;
  threshold: number;
  severity: Severity;
  evidence: DetectorEvidence;
}

/** Sorted unique positions. */
export function uniquePositions(positions: Iterable<number>): number[] {
  return [...new Set(positions)].sort((a, b) => a - b);
}

/** Positions start..end-1. */
export function positionRange(start: number, end: number): number[] {
  const out: number[] = [];
  for (let i = start; i < end; i++) out.push(i);
  return out;
}
