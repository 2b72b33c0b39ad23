import { formatSigned, withMinus } from "@/components/format/number";
import { FLAG_RULES, flagName, type ResponseFlag } from "@/lib/metrics/flags";

/**
 * How the explorer writes numbers, in one place so every table, tooltip and badge agrees:
 * avgLogprob 3 decimals, perplexity 2, entropy 2 (bits). A missing metric reads "—".
 */
const MISSING = "—";

/** toFixed with U+2212 for negatives, without the "−0.000" that rounding a tiny negative produces. */
const fixed = formatSigned;

export function formatAvgLogprob(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return MISSING;
  return fixed(value, 3);
}

/** Perplexity can explode (a probability-0 token); past 100k it switches to exponent form. */
export function formatPerplexity(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return MISSING;
  if (!Number.isFinite(value)) return "∞";
  return Math.abs(value) >= 100_000 ? value.toExponential(2) : fixed(value, 2);
}

export function formatEntropyBits(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return MISSING;
  return fixed(value, 2);
}

export function formatTokenCount(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return MISSING;
  return value.toLocaleString("en-US");
}

/** "just now", "5m ago", "3h ago", "2d ago"; older than 30 days gives the calendar date (UTC). */
export function formatRelativeTime(time: number, now: number): string {
  const diff = now - time;
  const ahead = diff < 0;
  const seconds = Math.abs(diff) / 1000;
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  const hours = Math.round(seconds / 3600);
  const days = Math.round(seconds / 86_400);
  const span = seconds < 3600 ? `${Math.max(minutes, 1)}m` : seconds < 86_400 ? `${hours}h` : days <= 30 ? `${days}d` : null;
  if (span === null) return new Date(time).toISOString().slice(0, 10);
  return ahead ? `in ${span}` : `${span} ago`;
}

/** The exact time for a tooltip: local date and time, then the ISO instant. */
export function formatAbsoluteTime(time: number): string {
  const local = new Date(time).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
  return `${local} (${new Date(time).toISOString()})`;
}

/**
 * A subtle, colour-blind-safe tint for an avgLogprob cell: blue when confident, through
 * neutral, to orange when unsure (blue/orange stay distinct under red-green colour blindness;
 * the number is always shown, so colour is only a hint). Steps: p >= 0.9, 0.6, 0.22, 0.05
 * (the lowAvgLogprob flag at -3).
 */
export function avgLogprobTone(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "";
  if (value >= -0.1) return "bg-sky-50 text-sky-900";
  if (value >= -0.5) return "";
  if (value >= -1.5) return "bg-amber-50 text-amber-900";
  if (value >= -3) return "bg-orange-50 text-orange-800";
  return "bg-orange-100 text-orange-900";
}

/** Badge text for a fired rule: the flag's one name (lib/metrics/flags), as the alert feed shows it. */
export const flagShortLabel = flagName;

const RULES = new Map<string, (typeof FLAG_RULES)[number]>(FLAG_RULES.map((rule) => [rule.rule, rule]));

/**
 * What fired, with the threshold stored on the flag (the project's or tag's setting at ingest),
 * not the default: "perplexity > 8", "threshold 0.3" for a later detector.
 */
export function flagCondition(flag: Pick<ResponseFlag, "rule" | "threshold">): string {
  const rule = RULES.get(flag.rule);
  const threshold = withMinus(String(flag.threshold));
  return rule ? `${rule.metric} ${rule.op} ${threshold}` : `threshold ${threshold}`;
}

/** The tooltip of a flag badge: the rule, its threshold and the value that fired it. */
export function flagTitle(flag: ResponseFlag): string {
  const value = withMinus(Number(flag.value.toPrecision(4)).toString());
  return `${flagName(flag.rule)} (${flagCondition(flag)}): value ${value}`;
}
