const DAY = 86_400_000;
/** The stats API refuses ranges longer than 366 days. */
const MAX_SPAN = 365 * DAY;

/**
 * A custom range that shows the responses between `earliest` and `latest` (epoch ms): whole
 * UTC days, ending after the latest, and at most a year long (the newest year when they span more).
 */
export function rangeCovering(earliest: number, latest: number): { from: number; to: number } {
  const to = Math.floor(latest / DAY) * DAY + DAY;
  const from = Math.max(Math.floor(earliest / DAY) * DAY, to - MAX_SPAN);
  return { from, to };
}
