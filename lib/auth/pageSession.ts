import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { sqlite } from "@/lib/db/sqlite";
import { SESSION_COOKIE, validateSession, type SessionUser } from "./sessions";

export function hasAnyUser(): boolean {
  return sqlite().prepare(`SELECT 1 FROM users LIMIT 1`).get() !== undefined;
}

/** The signed-in user for a page, else a redirect: to /setup before the first account exists, to /login otherwise. */
export async function requirePageUser(): Promise<SessionUser> {
  if (!hasAnyUser()) redirect("/setup");
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const user = validateSession(sqlite(), token);
  if (!user) {
    const path = (await headers()).get("x-loupe-path") ?? "/";
    redirect(`/login?next=${encodeURIComponent(path)}`);
  }
  return user;
}

export async function currentPageUser(): Promise<SessionUser | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return validateSession(sqlite(), token);
}
