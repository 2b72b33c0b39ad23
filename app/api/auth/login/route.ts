import { findUserByEmail } from "@/lib/accounts/users";
import { ApiError, withErrors } from "@/lib/api/errors";
import { jsonBody } from "@/lib/api/sessionRoute";
import { loginSchema } from "@/lib/auth/credentials";
import { requestAddress } from "@/lib/auth/clientAddress";
import { assertSameOrigin } from "@/lib/auth/csrf";
import { loginThrottle } from "@/lib/auth/loginThrottle";
import { verifyPassword } from "@/lib/auth/passwords";
import { createSession, isSecureRequest, sessionCookie } from "@/lib/auth/sessions";
import { db as dataLayer } from "@/lib/db/database";

export const runtime = "nodejs";

// Verifying against a real hash when the email is unknown keeps the timing the same either way.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$2emlVngMDDZg5LIaLLwOcw$folFHOCyEG80D/TzVTOrvLkdK6NvC/QJeAwW3iUW/RM";

/** POST /api/auth/login {email, password}: signs in; throttled per email and client address after repeated failures (429 + Retry-After). */
export const POST = withErrors(async (request: Request) => {
  assertSameOrigin(request);
  const { email, password } = await jsonBody(request, loginSchema);
  const attempt = { email, address: requestAddress(request) };
  const throttle = loginThrottle();
  // Counted before the (slow) password check, atomically: parallel guesses cannot all pass.
  await throttle.admit(attempt);
  const db = dataLayer();
  const user = await findUserByEmail(db, email);
  const valid = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  if (!user || !valid) throw new ApiError(401, "invalid_credentials", "wrong email or password");
  await throttle.succeed(attempt, true);
  const { token } = await createSession(db, user.id);
  return Response.json({ ok: true }, { headers: { "Set-Cookie": sessionCookie(token, isSecureRequest(request)) } });
});
