import crypto from "node:crypto";
import type { ExpressionBuilder } from "kysely";
import { ApiError } from "@/lib/api/errors";
import { audit, type Actor } from "@/lib/audit/auditLog";
import type { Role } from "@/lib/auth/access";
import { backendOf, type DataLayer } from "@/lib/db/database";
import { codePointOrder, exclusiveTransaction } from "@/lib/db/dialect";
import type { Database } from "@/lib/db/schema";
import { verifyPassword } from "@/lib/auth/passwords";
import { findUserByEmail, hashNewPassword, insertUser, normalizeEmail } from "./users";

const INVITE_DAYS = 7;
const tokenHash = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/** Open invitations (alias `i`): neither accepted, revoked nor expired at `now`. */
const openInvitation = (now: number) => (eb: ExpressionBuilder<Database & { i: Database["invitations"] }, "i">) =>
  eb.and([eb("i.accepted_at", "is", null), eb("i.revoked_at", "is", null), eb("i.expires_at", ">", now)]);

export async function listMembers(db: DataLayer, projectId: string) {
  const members = await db
    .selectFrom("project_members as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id as userId", "u.email", "u.name", "m.role", "m.created_at as since"])
    .where("m.project_id", "=", projectId)
    .orderBy(codePointOrder(backendOf(db), "u.email"))
    .execute();
  return {
    members: members.map((m) => ({ ...m, role: m.role as Role, since: new Date(m.since).toISOString() })),
    invitations: await listInvitations(db, projectId),
  };
}

/** A project's open invitations, newest first, with who sent each (null once that account is gone). */
export async function listInvitations(db: DataLayer, projectId: string) {
  const rows = await db
    .selectFrom("invitations as i")
    .leftJoin("users as u", "u.id", "i.invited_by")
    .select(["i.id", "i.email", "i.role", "u.email as invitedBy", "i.created_at as createdAt", "i.expires_at as expiresAt"])
    .where("i.project_id", "=", projectId)
    .where(openInvitation(Date.now()))
    .orderBy("i.created_at", "desc")
    .execute();
  return rows.map((row) => ({ ...row, role: row.role as Role, createdAt: new Date(row.createdAt).toISOString(), expiresAt: new Date(row.expiresAt).toISOString() }));
}

export async function revokeInvitation(db: DataLayer, projectId: string, invitationId: string, actor: Actor): Promise<void> {
  const invitation = await db
    .selectFrom("invitations as i")
    .select(["i.id", "i.email"])
    .where("i.id", "=", invitationId)
    .where("i.project_id", "=", projectId)
    .where(openInvitation(Date.now()))
    .executeTakeFirst();
  if (!invitation) throw new ApiError(404, "not_found", `no open invitation ${invitationId} in this project`);
  await db.updateTable("invitations").set({ revoked_at: Date.now() }).where("id", "=", invitation.id).execute();
  await audit(db, actor, "invitation.revoked", projectId, { id: invitation.id, email: invitation.email });
}

/** Cancels the open invitations a user sent to a project: an invitation carries its sender's authority. */
async function cancelInvitationsFrom(db: DataLayer, projectId: string, inviterId: string, actor: Actor): Promise<void> {
  const open = await db
    .selectFrom("invitations as i")
    .select(["i.id", "i.email"])
    .where("i.project_id", "=", projectId)
    .where("i.invited_by", "=", inviterId)
    .where(openInvitation(Date.now()))
    .execute();
  for (const invitation of open) {
    await db.updateTable("invitations").set({ revoked_at: Date.now() }).where("id", "=", invitation.id).execute();
    await audit(db, actor, "invitation.revoked", projectId, { id: invitation.id, email: invitation.email, reason: "inviter is no longer a project admin" });
  }
}

/**
 * The one place a membership changes (added, role changed, removed), whichever route asked:
 * a project that has admin members keeps at least one, an admin who loses the role takes the
 * invitations they sent with them, and the audit log records the role before and after. The
 * admin count is read inside an exclusiveTransaction, so two admins demoting each other at once
 * cannot both succeed.
 */
function writeMembership(db: DataLayer, projectId: string, userId: string, role: Role | null, actor: Actor, options: { mustBeMember: boolean }): Promise<void> {
  return exclusiveTransaction(db, (trx) => applyMembership(trx, projectId, userId, role, actor, options));
}

/** writeMembership's rules inside a transaction the caller holds (exclusive: it reads the admin count). */
async function applyMembership(trx: DataLayer, projectId: string, userId: string, role: Role | null, actor: Actor, options: { mustBeMember: boolean }): Promise<void> {
  const member = await trx
    .selectFrom("users as u")
    .leftJoin("project_members as m", (join) => join.onRef("m.user_id", "=", "u.id").on("m.project_id", "=", projectId))
    .select(["u.email", "u.is_admin as isInstanceAdmin", "m.role"])
    .where("u.id", "=", userId)
    .executeTakeFirst();
  const from = (member?.role as Role | null | undefined) ?? null;
  if (!member || (from === null && (options.mustBeMember || role === null))) throw new ApiError(404, "not_found", "no such member");
  if (from === role) return;
  if (from === "admin") {
    const admins = await trx
      .selectFrom("project_members")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("project_id", "=", projectId)
      .where("role", "=", "admin")
      .executeTakeFirstOrThrow();
    if (Number(admins.n) <= 1) throw new ApiError(409, "last_admin", "a project keeps at least one admin: make someone else admin first");
    // Instance admins stay admin in every project, and so does their authority to invite.
    if (!member.isInstanceAdmin) await cancelInvitationsFrom(trx, projectId, userId, actor);
  }
  if (role === null) {
    await trx.deleteFrom("project_members").where("project_id", "=", projectId).where("user_id", "=", userId).execute();
    await audit(trx, actor, "member.removed", projectId, { userId, email: member.email, role: from });
  } else if (from === null) {
    await trx.insertInto("project_members").values({ project_id: projectId, user_id: userId, role, created_at: Date.now() }).execute();
    await audit(trx, actor, "member.added", projectId, { userId, email: member.email, role });
  } else {
    await trx.updateTable("project_members").set({ role }).where("project_id", "=", projectId).where("user_id", "=", userId).execute();
    await audit(trx, actor, "member.role_changed", projectId, { userId, email: member.email, from, to: role });
  }
}

/**
 * Invites someone to a project: an invitation token is returned for the admin to send (Loupe
 * sends no email). A member of the project (or an instance admin) has their role changed at
 * once, under the same rules as PATCH, and so does an existing account when the system invites
 * (scripts, seeding). Any other existing account joins only by accepting with its password: an
 * account is whoever accepted an invitation for that address (Loupe verifies no email), so a
 * project admin could otherwise create one for someone else's address and be added, as them,
 * to projects they were never given.
 */
export async function inviteMember(db: DataLayer, projectId: string, email: string, role: Role, actor: Actor): Promise<{ joined: boolean; token: string | null }> {
  const normalized = normalizeEmail(email);
  const existing = await findUserByEmail(db, normalized);
  if (existing && (existing.isAdmin || actor.userId === null || (await isProjectMember(db, projectId, existing.id)))) {
    await writeMembership(db, projectId, existing.id, role, actor, { mustBeMember: false });
    return { joined: true, token: null };
  }
  const token = crypto.randomBytes(24).toString("base64url");
  const now = Date.now();
  await db
    .insertInto("invitations")
    .values({
      id: crypto.randomUUID(),
      email: normalized,
      project_id: projectId,
      role,
      token_hash: tokenHash(token),
      invited_by: actor.userId ?? "system",
      created_at: now,
      expires_at: now + INVITE_DAYS * 86_400_000,
    })
    .execute();
  await audit(db, actor, "member.invited", projectId, { email: normalized, role });
  return { joined: false, token };
}

async function memberRole(db: DataLayer, projectId: string, userId: string): Promise<Role | null> {
  const row = await db.selectFrom("project_members").select("role").where("project_id", "=", projectId).where("user_id", "=", userId).executeTakeFirst();
  return (row?.role as Role | undefined) ?? null;
}

async function isProjectMember(db: DataLayer, projectId: string, userId: string): Promise<boolean> {
  return (await memberRole(db, projectId, userId)) !== null;
}

/**
 * An open invitation by its token. Its sender must still hold the authority to invite (an
 * instance admin or an admin of the project), whatever path took that authority away.
 */
export async function findInvitation(db: DataLayer, token: string) {
  const row = await db
    .selectFrom("invitations as i")
    .innerJoin("projects as p", "p.id", "i.project_id")
    .select((eb) => [
      "i.id",
      "i.email",
      "i.role",
      "i.project_id as projectId",
      "p.name as projectName",
      // An account with the address exists: accepting then takes its password, not a new one.
      eb.exists(eb.selectFrom("users as a").select("a.id").whereRef("a.email", "=", "i.email")).as("accountExists"),
    ])
    .where("i.token_hash", "=", tokenHash(token))
    .where(openInvitation(Date.now()))
    .where((eb) =>
      eb.or([
        eb("i.invited_by", "=", "system"),
        eb.exists(eb.selectFrom("users as u").select("u.id").whereRef("u.id", "=", "i.invited_by").where("u.is_admin", "=", true)),
        eb.exists(
          eb
            .selectFrom("project_members as m")
            .select("m.user_id")
            .whereRef("m.project_id", "=", "i.project_id")
            .whereRef("m.user_id", "=", "i.invited_by")
            .where("m.role", "=", "admin"),
        ),
      ]),
    )
    .executeTakeFirst();
  return row ? { ...row, role: row.role as Role, accountExists: Boolean(row.accountExists) } : undefined;
}

/**
 * Accepts an invitation: creates the account and the membership, or, when an account with the
 * address exists, checks `password` against it (its holder's consent) and adds the membership;
 * for an account that became a member since, the invitation's role applies as any role change
 * does (never leaving the project without an admin).
 * Returns the user id. The invitation is read again inside an exclusiveTransaction, so parallel
 * accepts of one token (on any instance) create one account or membership; the others get 404
 * (used) or 409 (email taken).
 */
export async function acceptInvitation(db: DataLayer, token: string, name: string, password: string): Promise<string> {
  const invalid = () => new ApiError(404, "not_found", "this invitation is invalid, used or expired");
  const found = await findInvitation(db, token);
  if (!found) throw invalid();
  const account = found.accountExists ? await findUserByEmail(db, found.email) : undefined;
  if (account && !(await verifyPassword(account.passwordHash, password))) {
    throw new ApiError(401, "invalid_credentials", `wrong password for the account ${found.email}`);
  }
  const passwordHash = account ? null : await hashNewPassword(password);
  return exclusiveTransaction(db, async (trx) => {
    const invitation = await findInvitation(trx, token);
    if (!invitation) throw invalid();
    const joiner = { userId: account?.id ?? null, email: invitation.email };
    const userId = account ? account.id : await insertUser(trx, { email: invitation.email, name, isAdmin: false, passwordHash: passwordHash as string }, joiner);
    await trx.updateTable("invitations").set({ accepted_at: Date.now() }).where("id", "=", invitation.id).execute();
    const current = account ? await memberRole(trx, invitation.projectId, account.id) : null;
    if (current !== null) {
      // They joined since (through another invitation): the invitation's role applies under the
      // rules of every role change (a project keeps an admin: 409 last_admin, nothing accepted).
      await applyMembership(trx, invitation.projectId, userId, invitation.role, joiner, { mustBeMember: true });
      await audit(trx, joiner, "invitation.accepted", invitation.projectId, { from: current, role: invitation.role });
      return userId;
    }
    await trx.insertInto("project_members").values({ project_id: invitation.projectId, user_id: userId, role: invitation.role, created_at: Date.now() }).execute();
    await audit(trx, { userId, email: invitation.email }, "member.joined", invitation.projectId, { role: invitation.role });
    return userId;
  });
}

export function setMemberRole(db: DataLayer, projectId: string, userId: string, role: Role, actor: Actor): Promise<void> {
  return writeMembership(db, projectId, userId, role, actor, { mustBeMember: true });
}

export function removeMember(db: DataLayer, projectId: string, userId: string, actor: Actor): Promise<void> {
  return writeMembership(db, projectId, userId, null, actor, { mustBeMember: true });
}
