/**
 * A background job's error line that does not flood the log while the database is away (every
 * job ticks every few seconds): an error is printed once, as one line, and the same message again
 * at most once per `everyMs` with how often it came back in between. A new message prints at once,
 * after the count the previous one still owed.
 */
export function jobErrorLog(job: string, everyMs = 60_000, now: () => number = Date.now): (error: unknown) => void {
  let last: { message: string; at: number; repeats: number } | null = null;
  const since = (entry: { at: number; repeats: number }) => `${entry.repeats} more since ${new Date(entry.at).toISOString()}`;
  return (error) => {
    const message = describeError(error);
    const at = now();
    if (last && last.message === message && at - last.at < everyMs) {
      last.repeats++;
      return;
    }
    if (last && last.message !== message && last.repeats > 0) console.error(`${job}: ${last.message} (${since(last)})`);
    const repeats = last && last.message === message && last.repeats > 0 ? ` (${since(last)})` : "";
    console.error(`${job}: ${message}${repeats}`);
    last = { message, at, repeats: 0 };
  };
}

/**
 * One line for an error: its message, else its code, else its inner errors' (Node's connection
 * attempts to each address of `localhost` fail as an AggregateError with an empty message).
 */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message) return error.message;
  const code = (error as { code?: unknown }).code;
  const inner = error instanceof AggregateError ? error.errors.map(describeError).join("; ") : "";
  return [typeof code === "string" ? code : "", inner].filter(Boolean).join(": ") || error.name;
}
