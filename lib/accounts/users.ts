import crypto from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import { audit, SYSTEM_ACTOR, type Actor } from "@/lib/audit/auditLog";
import { hashPassword, MIN_PASSWORD_LENGTH } from "@/lib/auth/passwords";
import type { DataLayer } from "@/lib/db/database";
import { exclusiveTransaction } from "@/lib/db/dialect";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function userCount(db: DataLayer): Promise<number> {
  const row = await db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findUserByEmail(db: DataLayer, email: string) {
  return db
    .selectFrom("users")
    .select(["id", "email", "name", "password_hash as passwordHash", "is_admin as isAdmin"])
    .where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
}

interface NewUser {
  email: string;
  name: string;
  isAdmin: boolean;
}

/**
 * Inserts an account whose password is already hashed. Callers run it inside an
 * exclusiveTransaction (lib/db/dialect.ts) with their checks, so check and insert are one step.
 */
export async function insertUser(db: DataLayer, input: NewUser & { passwordHash: string }, actor: Actor = SYSTEM_ACTOR): Promise<string> {
  const email = normalizeEmail(input.email);
  if (await findUserByEmail(db, email)) throw new ApiError(409, "email_taken", "an account with this email exists");
  const id = crypto.randomUUID();
  await db
    .insertInto("users")
    .values({ id, email, name: input.name.trim() || email, password_hash: input.passwordHash, is_admin: input.isAdmin, created_at: Date.now() })
    .execute();
  await audit(db, actor, "user.created", null, { email, isAdmin: input.isAdmin });
  return id;
}

/** Hashes first (slow, async), then checks and inserts atomically. */
export async function hashNewPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new ApiError(400, "weak_password", `passwords need at least ${MIN_PASSWORD_LENGTH} characters`);
  return hashPassword(password);
}

export async function createUser(db: DataLayer, input: NewUser & { password: string }, actor: Actor = SYSTEM_ACTOR): Promise<string> {
  const passwordHash = await hashNewPassword(input.password);
  return exclusiveTransaction(db, (trx) => insertUser(trx, { ...input, passwordHash }, actor));
}

const alreadySetUp = () => new ApiError(409, "already_set_up", "Loupe is already set up: sign in instead");

/**
 * The first account: an instance admin. Only while no account exists, so the setup page and
 * LOUPE_ADMIN_EMAIL/LOUPE_ADMIN_PASSWORD can create it exactly once, even when requests race
 * (on any instance): the count is checked again inside the exclusive transaction that inserts.
 */
export async function createFirstAdmin(db: DataLayer, input: { email: string; name: string; password: string }, actor: Actor = SYSTEM_ACTOR): Promise<string> {
  if ((await userCount(db)) > 0) throw alreadySetUp();
  const passwordHash = await hashNewPassword(input.password);
  return exclusiveTransaction(db, async (trx) => {
    if ((await userCount(trx)) > 0) throw alreadySetUp();
    return insertUser(trx, { ...input, isAdmin: true, passwordHash }, actor);
  });
}
