import { ApiError } from "@/lib/api/errors";
import { sessionRoute } from "@/lib/api/sessionRoute";
import { recentAudit } from "@/lib/audit/auditLog";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/audit: the newest 100 settings changes (who, what, when). Instance admins. */
export const GET = sessionRoute(async (_request, { db, user }) => {
  if (!user.isAdmin) throw new ApiError(403, "forbidden", "only instance admins read the audit log");
  return Response.json({ data: await recentAudit(db) });
});
