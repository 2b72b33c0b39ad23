import crypto from "node:crypto";
import { env } from "@/lib/config/env";
import type { SqliteDatabase } from "@/lib/db/sqlite";

/**
 * Login sessions: the cookie carries a random 256-bit token, the database only its sha256, so
 * a leaked database cannot be replayed as cookies. Sessions slide: each use within the last
 * hour of activity pushes the expiry out by LOUPE_SESSION_DAYS.
 */
export const SESSION_COOKIE = "loupe_session";
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

export function createSession(db: SqliteDatabase, userId: string): { token: string; expiresAt: number } {
  const token = crypto.randomBytes(32).toString("base64url");
  const now = Date.now();
  const expiresAt = now + lifetimeMs();
  db.prepare(`INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)`).run(sessionId(token), userId, now, expiresAt, now);
  return { token, expiresAt };
}

export function validateSession(db: SqliteDatabase, token: string | undefined | null): SessionUser | null {
  if (!token || token.length > 200) return null;
  const id = sessionId(token);
  const row = db
    .prepare(
      `SELECT s.id AS sessionId, s.expires_at AS expiresAt, s.last_seen_at AS lastSeenAt, u.id AS userId, u.email, u.name, u.is_admin AS isAdmin
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
    )
    .get(id) as { sessionId: string; expiresAt: number; lastSeenAt: number; userId: string; email: string; name: string; isAdmin: number } | undefined;
  const now = Date.now();
  if (!row) return null;
  if (row.expiresAt <= now) {
    db.prepare(`DELETE FROM sessions WHERE id = ?`).run(id);
    return null;
  }
  if (now - row.lastSeenAt > TOUCH_EVERY_MS) {
    db.prepare(`UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?`).run(now, now + lifetimeMs(), id);
  }
  return { sessionId: row.sessionId, userId: row.userId, email: row.email, name: row.name, isAdmin: row.isAdmin === 1 };
}

export function deleteSession(db: SqliteDatabase, token: string): void {
  db.prepare(`DELETE FROM sessions WHERE id = ?`).run(sessionId(token));
}

/** Whether the browser reached us over HTTPS (directly, or through a TLS-terminating proxy). */
export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

/** Set-Cookie value for a session (or its removal when token is null). */
export function sessionCookie(token: string | null, secure: boolean): string {
  const attributes = ["Path=/", "HttpOnly", "SameSite=Lax", ...(secure ? ["Secure"] : [])];
  if (token === null) return `${SESSION_COOKIE}=; Max-Age=0; ${attributes.join("; ")}`;
  return `${SESSION_COOKIE}=${token}; Max-Age=${Math.floor(lifetimeMs() / 1000)}; ${attributes.join("; ")}`;
}

export function readCookie(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return null;
}
