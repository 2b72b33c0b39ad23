import { acceptInvitation } from "@/lib/accounts/members";
import { withErrors } from "@/lib/api/errors";
import { jsonBody } from "@/lib/api/sessionRoute";
import { acceptInvitationSchema } from "@/lib/auth/credentials";
import { assertSameOrigin } from "@/lib/auth/csrf";
import { createSession, isSecureRequest, sessionCookie } from "@/lib/auth/sessions";
import { db as dataLayer } from "@/lib/db/database";

export const runtime = "nodejs";

/** POST /api/auth/invitations/accept {token, name, password}: creates the invited account and signs it in. */
export const POST = withErrors(async (request: Request) => {
  assertSameOrigin(request);
  const { token, name, password } = await jsonBody(request, acceptInvitationSchema);
  const db = dataLayer();
  const userId = await acceptInvitation(db, token, name, password);
  const session = await createSession(db, userId);
  return Response.json({ ok: true }, { headers: { "Set-Cookie": sessionCookie(session.token, isSecureRequest(request)) } });
});
