import { acceptInvitation, findInvitation } from "@/lib/accounts/members";
import { withErrors } from "@/lib/api/errors";
import { jsonBody } from "@/lib/api/sessionRoute";
import { requestAddress } from "@/lib/auth/clientAddress";
import { acceptInvitationSchema, newAccountPasswordSchema } from "@/lib/auth/credentials";
import { assertSameOrigin } from "@/lib/auth/csrf";
import { loginThrottle } from "@/lib/auth/loginThrottle";
import { createSession, isSecureRequest, sessionCookie } from "@/lib/auth/sessions";
import { db as dataLayer } from "@/lib/db/database";

export const runtime = "nodejs";

/**
 * POST /api/auth/invitations/accept {token, name, password}: creates the invited account, or
 * with the password of the address's existing account joins it to the project, and signs it in.
 * The existing account's password is throttled like a sign-in.
 */
export const POST = withErrors(async (request: Request) => {
  assertSameOrigin(request);
  const { token, name, password } = await jsonBody(request, acceptInvitationSchema);
  const db = dataLayer();
  const invitation = await findInvitation(db, token);
  if (invitation && !invitation.accountExists) newAccountPasswordSchema.parse({ password });
  const attempt = invitation?.accountExists ? { email: invitation.email, address: requestAddress(request) } : null;
  const throttle = loginThrottle();
  if (attempt) await throttle.admit(attempt);
  const userId = await acceptInvitation(db, token, name, password);
  if (attempt) await throttle.succeed(attempt, true);
  const session = await createSession(db, userId);
  return Response.json({ ok: true }, { headers: { "Set-Cookie": sessionCookie(session.token, isSecureRequest(request)) } });
});
