import { createFirstAdmin } from "@/lib/accounts/users";
import { withErrors } from "@/lib/api/errors";
import { jsonBody } from "@/lib/api/sessionRoute";
import { setupSchema } from "@/lib/auth/credentials";
import { assertSameOrigin } from "@/lib/auth/csrf";
import { createSession, isSecureRequest, sessionCookie } from "@/lib/auth/sessions";
import { db as dataLayer } from "@/lib/db/database";

export const runtime = "nodejs";

/** POST /api/auth/setup: creates the first account (an instance admin) while none exists, and signs it in. */
export const POST = withErrors(async (request: Request) => {
  assertSameOrigin(request);
  const input = await jsonBody(request, setupSchema);
  const db = dataLayer();
  // The person at /setup creates their own account: the audit log says so (by email), not "system".
  const userId = await createFirstAdmin(db, input, { userId: null, email: input.email });
  const { token } = await createSession(db, userId);
  return Response.json({ ok: true }, { headers: { "Set-Cookie": sessionCookie(token, isSecureRequest(request)) } });
});
