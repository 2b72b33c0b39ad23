import { listInvitations } from "@/lib/accounts/members";
import { sessionRoute } from "@/lib/api/sessionRoute";
import { requireProjectRole } from "@/lib/auth/access";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { projectId: string };

/** GET /api/v1/projects/{projectId}/invitations: open invitations (email, role, sender, expiry). Project admins. */
export const GET = sessionRoute<Params>(async (_request, { db, user, params }) => {
  await requireProjectRole(db, user, params.projectId, "admin");
  return Response.json({ data: await listInvitations(db, params.projectId) });
});
