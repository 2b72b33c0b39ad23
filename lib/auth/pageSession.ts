import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { db } from "@/lib/db/database";
import { SESSION_COOKIE, validateSession, type SessionUser } from "./sessions";

export async function hasAnyUser(): Promise<boolean> {
  return (await db().selectFrom("users").select("id").limit(1).executeTakeFirst()) !== undefined;
}

/** The signed-in user for a page, else a redirect: to /setup before the first account exists, to /login otherwise. */
export async function requirePageUser(): Promise<SessionUser> {
  if (!(await hasAnyUser())) redirect("/setup");
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const user = await validateSession(db(), token);
  if (!user) {
    const path = (await headers()).get("x-loupe-path") ?? "/";
    redirect(`/login?next=${encodeURIComponent(path)}`);
  }
  return user;
}

export async function currentPageUser(): Promise<SessionUser | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return validateSession(db(), token);
}
