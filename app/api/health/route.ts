import { sql } from "kysely";
import { ApiError, withErrors } from "@/lib/api/errors";
import { db } from "@/lib/db/database";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /api/health: liveness plus a database round trip; no auth, no data. A database that does
 * not answer is `503 database_unavailable` in the one error shape (the cause goes to the log,
 * not to an unauthenticated caller), so a load balancer takes the instance out.
 */
export const GET = withErrors(async () => {
  try {
    await sql`SELECT 1`.execute(db());
  } catch (error) {
    console.error(`health: database round trip failed: ${error instanceof Error ? error.message : String(error)}`);
    throw new ApiError(503, "database_unavailable", "the database did not answer");
  }
  return Response.json({ ok: true });
});
