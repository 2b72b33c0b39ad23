const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

/** An API timestamp (ISO 8601) for a table cell; "—" when there is none. */
export function formatTimestamp(iso: string | null | undefined, empty = "—"): string {
  if (!iso) return empty;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** Audit details on one line: `{"id":"…","scopes":["ingest"]}`, cut to `max` characters. */
export function compactJson(value: unknown, max = 160): string {
  if (value === null || value === undefined) return "—";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
