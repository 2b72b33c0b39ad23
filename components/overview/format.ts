import { formatChange, formatSigned } from "@/components/format/number";

/** Number formatting shared by the overview panels; negatives carry U+2212 (components/format/number). */
export function formatCount(value: number): string {
  if (value >= 1e9) return `${(value / 1e9).toFixed(2)}B`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  return value.toLocaleString("en-US");
}

export function formatNumber(value: number | null | undefined, decimals: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "—" : formatSigned(value, decimals);
}

export function formatPercent(value: number | null | undefined, decimals = 1): string {
  return value === null || value === undefined ? "—" : `${(value * 100).toFixed(decimals)}%`;
}

export type DeltaKind = "relative" | "absolute" | "points";

/**
 * Change against the previous period: relative (%), absolute (same unit) or percentage points.
 * Null when either side is missing or a relative change has no base.
 */
export function formatDelta(current: number | null, previous: number | null, kind: DeltaKind, decimals = 1): string | null {
  if (current === null || previous === null) return null;
  if (kind === "relative") {
    if (previous === 0) return null;
    const change = ((current - previous) / Math.abs(previous)) * 100;
    return `${formatChange(change, decimals)}%`;
  }
  const diff = kind === "points" ? (current - previous) * 100 : current - previous;
  return `${formatChange(diff, decimals)}${kind === "points" ? " pp" : ""}`;
}
