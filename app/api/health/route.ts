import { sql } from "kysely";
import { db } from "@/lib/db/database";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/health: liveness plus a database round trip; no auth, no data. */
export async function GET() {
  await sql`SELECT 1`.execute(db());
  return Response.json({ ok: true });
}
