import crypto from "node:crypto";
import { env } from "@/lib/config/env";
import type { DataLayer } from "@/lib/db/database";

/**
 * Login sessions: the cookie carries a random 256-bit token, the database only its sha256, so
 * a leaked database cannot be replayed as cookies. Sessions slide: each use within the last
 * hour of activity pushes the expiry out by LOUPE_SESSION_DAYS.
 */
export const SESSION_COOKIE = "loupe_session";
/**
 * The cookie's name over HTTPS. A `__Host-` cookie is accepted by browsers only when set Secure,
 * with Path=/ and no Domain, by the host itself: a sibling subdomain (or a plain-HTTP page of the
 * same domain) cannot plant one, so nobody can sign a Loupe user into an account of their own
 * (session fixation by cookie tossing). Over plain HTTP (localhost) the prefix cannot be used.
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** The session cookie's name for a request over HTTPS (`secure`) or plain HTTP. */
export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/**
 * The session token a request carries: over HTTPS only the `__Host-` cookie counts, so a
 * `loupe_session` planted from elsewhere is ignored there.
 */
export function sessionToken(request: Request): string | null {
  return readCookie(request.headers.get("cookie"), sessionCookieName(isSecureRequest(request)));
}
const TOUCH_EVERY_MS = 3_600_000;

export interface SessionUser {
  sessionId: string;
  userId: string;
  email: string;
  name: string;
  isAdmin: boolean;
}

const sessionId = (token: string) => crypto.createHash("sha256").update(token).digest("hex");
const lifetimeMs = () => env().LOUPE_SESSION_DAYS * 86_400_000;

export async function createSession(db: DataLayer, userId: string): Promise<{ token: string; expiresAt: number }> {
  const token = crypto.randomBytes(32).toString("base64url");
  const now = Date.now();
  const expiresAt = now + lifetimeMs();
  await db.insertInto("sessions").values({ id: sessionId(token), user_id: userId, created_at: now, expires_at: expiresAt, last_seen_at: now }).execute();
  return { token, expiresAt };
}

export async function validateSession(db: DataLayer, token: string | undefined | null): Promise<SessionUser | null> {
  if (!token || token.length > 200) return null;
  const id = sessionId(token);
  const row = await db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["s.id as sessionId", "s.expires_at as expiresAt", "s.last_seen_at as lastSeenAt", "u.id as userId", "u.email", "u.name", "u.is_admin as isAdmin"])
    .where("s.id", "=", id)
    .executeTakeFirst();
  const now = Date.now();
  if (!row) return null;
  if (row.expiresAt <= now) {
    await db.deleteFrom("sessions").where("id", "=", id).execute();
    return null;
  }
  if (now - row.lastSeenAt > TOUCH_EVERY_MS) {
    await db.updateTable("sessions").set({ last_seen_at: now, expires_at: now + lifetimeMs() }).where("id", "=", id).execute();
  }
  return { sessionId: row.sessionId, userId: row.userId, email: row.email, name: row.name, isAdmin: Boolean(row.isAdmin) };
}

export async function deleteSession(db: DataLayer, token: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId(token)).execute();
}

/** Whether the browser reached us over HTTPS (directly, or through a TLS-terminating proxy). */
export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || forwardedHttps(request.headers);
}

/** A TLS-terminating proxy's `X-Forwarded-Proto: https` (its first value). */
export function forwardedHttps(headers: Headers): boolean {
  return headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

/** Set-Cookie value for a session (or its removal when token is null). */
export function sessionCookie(token: string | null, secure: boolean): string {
  const attributes = ["Path=/", "HttpOnly", "SameSite=Lax", ...(secure ? ["Secure"] : [])];
  const name = sessionCookieName(secure);
  if (token === null) return `${name}=; Max-Age=0; ${attributes.join("; ")}`;
  return `${name}=${token}; Max-Age=${Math.floor(lifetimeMs() / 1000)}; ${attributes.join("; ")}`;
}

export function readCookie(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return null;
}
