const DAY = 86_400_000;
/** The stats API refuses ranges longer than 366 days. */
const MAX_SPAN = 365 * DAY;

/**
 * A custom range that shows the responses between `earliest` and `latest` (epoch ms): whole
 * UTC days, ending after the latest, and at most a year long (the newest year when they span more).
 */
export function rangeCovering(earliest: number, latest: number): { from: number; to: number; whole: boolean } {
  const to = Math.floor(latest / DAY) * DAY + DAY;
  const start = Math.floor(earliest / DAY) * DAY;
  const from = Math.max(start, to - MAX_SPAN);
  // `whole`: the range holds every one of them (false: only the newest year's).
  return { from, to, whole: from === start };
}
