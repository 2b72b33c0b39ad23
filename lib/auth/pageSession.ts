import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { db } from "@/lib/db/database";
import { forwardedHttps, sessionCookieName, validateSession, type SessionUser } from "./sessions";

/**
 * The session token of the page request (the cookie for its scheme, as sessionToken reads it).
 * A page sees no URL here, so HTTPS is the proxy's `X-Forwarded-Proto` (Loupe serves no TLS itself).
 */
async function pageSessionToken(): Promise<string | undefined> {
  const secure = forwardedHttps(await headers());
  return (await cookies()).get(sessionCookieName(secure))?.value;
}

export async function hasAnyUser(): Promise<boolean> {
  return (await db().selectFrom("users").select("id").limit(1).executeTakeFirst()) !== undefined;
}

/** The signed-in user for a page, else a redirect: to /setup before the first account exists, to /login otherwise. */
export async function requirePageUser(): Promise<SessionUser> {
  if (!(await hasAnyUser())) redirect("/setup");
  const user = await validateSession(db(), await pageSessionToken());
  if (!user) {
    const path = (await headers()).get("x-loupe-path") ?? "/";
    redirect(`/login?next=${encodeURIComponent(path)}`);
  }
  return user;
}

export async function currentPageUser(): Promise<SessionUser | null> {
  return validateSession(db(), await pageSessionToken());
}
