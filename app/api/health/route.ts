import { sqlite } from "@/lib/db/sqlite";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/health: liveness plus a database round trip; no auth, no data. */
export function GET() {
  sqlite().prepare("SELECT 1").get();
  return Response.json({ ok: true });
}
