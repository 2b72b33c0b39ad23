import pg from "pg";
import { parseDatabaseUrl } from "./databaseUrl";

/** A start-up failure worth one line: where the database is and what went wrong, never a stack. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

/**
 * Checks that DATABASE_URL names a database Loupe can use before anything else starts: a bad
 * form, an unreachable host or socket, refused credentials or a missing database all end in one
 * DatabaseUnavailableError naming the target (not the password) and the reason.
 */
export async function assertDatabaseReachable(databaseUrl: string, timeoutMs = 5_000): Promise<void> {
  let target;
  try {
    target = parseDatabaseUrl(databaseUrl);
  } catch (error) {
    throw new DatabaseUnavailableError((error as Error).message);
  }
  if (target.backend === "sqlite") return;
  const client = new pg.Client({ connectionString: target.url, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new DatabaseUnavailableError(`Cannot use PostgreSQL at ${target.where}: ${reason(error)}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Node reports a refused dual-stack connect as an AggregateError with an empty message. */
function reason(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reason(error.errors[0]);
  const err = error as Error & { code?: string };
  return (err.message || err.code || String(error)).split("\n")[0] as string;
}
