/**
 * `<input type="datetime-local">` speaks "YYYY-MM-DDTHH:mm" in the browser's time zone; the
 * URL speaks instants. These convert between the two (minute precision).
 */
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

/** A custom range is usable when both ends parse and from comes first. */
export function customRange(fromValue: string, toValue: string): { from: number; to: number } | undefined {
  const from = fromDatetimeLocal(fromValue);
  const to = fromDatetimeLocal(toValue);
  return from !== undefined && to !== undefined && from < to ? { from, to } : undefined;
}
