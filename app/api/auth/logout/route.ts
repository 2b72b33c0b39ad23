import { withErrors } from "@/lib/api/errors";
import { assertSameOrigin } from "@/lib/auth/csrf";
import { deleteSession, isSecureRequest, sessionCookie, sessionToken } from "@/lib/auth/sessions";
import { db } from "@/lib/db/database";

export const runtime = "nodejs";

/** POST /api/auth/logout: ends the session (server-side too) and clears the cookie. */
export const POST = withErrors(async (request: Request) => {
  assertSameOrigin(request);
  const token = sessionToken(request);
  if (token) await deleteSession(db(), token);
  return Response.json({ ok: true }, { headers: { "Set-Cookie": sessionCookie(null, isSecureRequest(request)) } });
});
