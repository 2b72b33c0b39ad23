/**
 * A background job's error line that does not flood the log while the database is away (every
 * job ticks every few seconds): an error is printed once, as one line, and the same message again
 * at most once per `everyMs` with how often it came back in between. A new message prints at once.
 */
export function jobErrorLog(job: string, everyMs = 60_000, now: () => number = Date.now): (error: unknown) => void {
  let last: { message: string; at: number; repeats: number } | null = null;
  return (error) => {
    const message = error instanceof Error ? error.message : String(error);
    const at = now();
    if (last && last.message === message && at - last.at < everyMs) {
      last.repeats++;
      return;
    }
    const repeats = last && last.message === message && last.repeats > 0 ? ` (${last.repeats} more since ${new Date(last.at).toISOString()})` : "";
    console.error(`${job}: ${message}${repeats}`);
    last = { message, at, repeats: 0 };
  };
}
