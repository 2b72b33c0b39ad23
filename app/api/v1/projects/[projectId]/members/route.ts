import { z } from "zod";
import { inviteMember, listMembers } from "@/lib/accounts/members";
import { jsonBody, sessionRoute } from "@/lib/api/sessionRoute";
import { requireProjectRole, ROLES } from "@/lib/auth/access";
import { emailSchema } from "@/lib/auth/credentials";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { projectId: string };

/** GET /api/v1/projects/{projectId}/members: members and open invitations. Project admins. */
export const GET = sessionRoute<Params>(async (_request, { db, user, params }) => {
  await requireProjectRole(db, user, params.projectId, "admin");
  return Response.json(await listMembers(db, params.projectId));
});

/**
 * POST /api/v1/projects/{projectId}/members {email, role}: adds an existing account, or returns
 * `inviteUrl` (valid 7 days) for the admin to send.
 */
export const POST = sessionRoute<Params>(async (request, { db, user, params, actor }) => {
  await requireProjectRole(db, user, params.projectId, "admin");
  const { email, role } = await jsonBody(request, z.object({ email: emailSchema, role: z.enum(ROLES) }));
  const { joined, token } = await inviteMember(db, params.projectId, email, role, actor);
  // The link's origin is the one the admin's browser used (Host / X-Forwarded-*), not the bind address.
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const protocol = request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", "");
  const origin = host ? `${protocol}://${host}` : new URL(request.url).origin;
  const inviteUrl = token ? new URL(`/invite/${token}`, origin).toString() : null;
  return Response.json({ joined, inviteUrl }, { status: 201 });
});
