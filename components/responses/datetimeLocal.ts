import { MAX_RANGE_DAYS } from "@/lib/api/schemas";

/**
 * `<input type="datetime-local">` speaks "YYYY-MM-DDTHH:mm" in the browser's time zone; the
 * URL speaks instants. These convert between the two (minute precision).
 */
const DAY = 86_400_000;
const pad = (value: number) => String(value).padStart(2, "0");

export function toDatetimeLocal(time: number): string {
  const date = new Date(time);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function fromDatetimeLocal(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return undefined;
  // A date-time without an offset is local time (ECMA-262 Date.parse).
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : time;
}

/** The custom range as instants, or why it cannot be used: both ends parse, from comes first, at most MAX_RANGE_DAYS apart. */
function readCustomRange(fromValue: string, toValue: string): { from: number; to: number } | string {
  const from = fromDatetimeLocal(fromValue);
  const to = fromDatetimeLocal(toValue);
  if (from === undefined || to === undefined) return "Both ends need a date and a time.";
  if (from >= to) return "“From” must come before “To”.";
  if (to - from > MAX_RANGE_DAYS * DAY) return `A range spans at most ${MAX_RANGE_DAYS} days.`;
  return { from, to };
}

/** Why a custom range cannot be used, or null when it can. */
export function customRangeProblem(fromValue: string, toValue: string): string | null {
  const range = readCustomRange(fromValue, toValue);
  return typeof range === "string" ? range : null;
}

/** The custom range as instants, when it is usable. */
export function customRange(fromValue: string, toValue: string): { from: number; to: number } | undefined {
  const range = readCustomRange(fromValue, toValue);
  return typeof range === "string" ? undefined : range;
}
