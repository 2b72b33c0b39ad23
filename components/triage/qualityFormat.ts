/** A precision or recall as a percentage, "—" when undefined (no verdicts yet). */
export function formatPrecision(value: number | null): string {
  return value === null ? "—" : `${Math.round(value * 100)}%`;
}
