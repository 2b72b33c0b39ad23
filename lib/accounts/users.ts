import crypto from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import { audit, SYSTEM_ACTOR, type Actor } from "@/lib/audit/auditLog";
import { hashPassword, MIN_PASSWORD_LENGTH } from "@/lib/auth/passwords";
import type { SqliteDatabase } from "@/lib/db/sqlite";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function userCount(db: SqliteDatabase): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM users`).get() as { n: number }).n;
}

export function findUserByEmail(db: SqliteDatabase, email: string) {
  return db
    .prepare(`SELECT id, email, name, password_hash AS passwordHash, is_admin AS isAdmin FROM users WHERE email = ?`)
    .get(normalizeEmail(email)) as { id: string; email: string; name: string; passwordHash: string; isAdmin: number } | undefined;
}

interface NewUser {
  email: string;
  name: string;
  isAdmin: boolean;
}

/**
 * Inserts an account whose password is already hashed. Synchronous, so a caller's checks and
 * this insert run inside one `BEGIN IMMEDIATE` transaction: no await between check and write.
 */
export function insertUser(db: SqliteDatabase, input: NewUser & { passwordHash: string }, actor: Actor = SYSTEM_ACTOR): string {
  const email = normalizeEmail(input.email);
  if (findUserByEmail(db, email)) throw new ApiError(409, "email_taken", "an account with this email exists");
  const id = crypto.randomUUID();
  db.prepare(`INSERT INTO users (id, email, name, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?)`).run(
    id,
    email,
    input.name.trim() || email,
    input.passwordHash,
    input.isAdmin ? 1 : 0,
    Date.now(),
  );
  audit(db, actor, "user.created", null, { email, isAdmin: input.isAdmin });
  return id;
}

/** Hashes first (slow, async), then checks and inserts atomically. */
export async function hashNewPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new ApiError(400, "weak_password", `passwords need at least ${MIN_PASSWORD_LENGTH} characters`);
  return hashPassword(password);
}

export async function createUser(db: SqliteDatabase, input: NewUser & { password: string }, actor: Actor = SYSTEM_ACTOR): Promise<string> {
  const passwordHash = await hashNewPassword(input.password);
  return db.transaction(() => insertUser(db, { ...input, passwordHash }, actor)).immediate();
}

const alreadySetUp = () => new ApiError(409, "already_set_up", "Loupe is already set up: sign in instead");

/**
 * The first account: an instance admin. Only while no account exists, so the setup page and
 * LOUPE_ADMIN_EMAIL/LOUPE_ADMIN_PASSWORD can create it exactly once, even when requests race:
 * the count is checked again inside the write transaction that inserts.
 */
export async function createFirstAdmin(db: SqliteDatabase, input: { email: string; name: string; password: string }): Promise<string> {
  if (userCount(db) > 0) throw alreadySetUp();
  const passwordHash = await hashNewPassword(input.password);
  return db
    .transaction(() => {
      if (userCount(db) > 0) throw alreadySetUp();
      return insertUser(db, { ...input, isAdmin: true, passwordHash });
    })
    .immediate();
}
