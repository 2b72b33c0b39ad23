import crypto from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import { audit, type Actor } from "@/lib/audit/auditLog";
import type { Role } from "@/lib/auth/access";
import type { SqliteDatabase } from "@/lib/db/sqlite";
import { findUserByEmail, hashNewPassword, insertUser, normalizeEmail } from "./users";

const INVITE_DAYS = 7;
const tokenHash = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/** Open invitations: neither accepted, revoked nor expired (bind the current time once). */
const OPEN_INVITATION = `i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ?`;

export function listMembers(db: SqliteDatabase, projectId: string) {
  const members = db
    .prepare(
      `SELECT u.id AS userId, u.email, u.name, m.role, m.created_at AS since FROM project_members m JOIN users u ON u.id = m.user_id
       WHERE m.project_id = ? ORDER BY u.email`,
    )
    .all(projectId) as Array<{ userId: string; email: string; name: string; role: Role; since: number }>;
  return { members: members.map((m) => ({ ...m, since: new Date(m.since).toISOString() })), invitations: listInvitations(db, projectId) };
}

/** A project's open invitations, newest first, with who sent each (null once that account is gone). */
export function listInvitations(db: SqliteDatabase, projectId: string) {
  const rows = db
    .prepare(
      `SELECT i.id, i.email, i.role, u.email AS invitedBy, i.created_at AS createdAt, i.expires_at AS expiresAt
       FROM invitations i LEFT JOIN users u ON u.id = i.invited_by
       WHERE i.project_id = ? AND ${OPEN_INVITATION} ORDER BY i.created_at DESC`,
    )
    .all(projectId, Date.now()) as Array<{ id: string; email: string; role: Role; invitedBy: string | null; createdAt: number; expiresAt: number }>;
  return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString(), expiresAt: new Date(row.expiresAt).toISOString() }));
}

export function revokeInvitation(db: SqliteDatabase, projectId: string, invitationId: string, actor: Actor): void {
  const invitation = db.prepare(`SELECT i.id, i.email FROM invitations i WHERE i.id = ? AND i.project_id = ? AND ${OPEN_INVITATION}`).get(invitationId, projectId, Date.now()) as
    | { id: string; email: string }
    | undefined;
  if (!invitation) throw new ApiError(404, "not_found", `no open invitation ${invitationId} in this project`);
  db.prepare(`UPDATE invitations SET revoked_at = ? WHERE id = ?`).run(Date.now(), invitation.id);
  audit(db, actor, "invitation.revoked", projectId, { id: invitation.id, email: invitation.email });
}

/** Cancels the open invitations a user sent to a project: an invitation carries its sender's authority. */
function cancelInvitationsFrom(db: SqliteDatabase, projectId: string, inviterId: string, actor: Actor): void {
  const open = db.prepare(`SELECT i.id, i.email FROM invitations i WHERE i.project_id = ? AND i.invited_by = ? AND ${OPEN_INVITATION}`).all(projectId, inviterId, Date.now()) as Array<{ id: string; email: string }>;
  for (const invitation of open) {
    db.prepare(`UPDATE invitations SET revoked_at = ? WHERE id = ?`).run(Date.now(), invitation.id);
    audit(db, actor, "invitation.revoked", projectId, { id: invitation.id, email: invitation.email, reason: "inviter is no longer a project admin" });
  }
}

/**
 * The one place a membership changes (added, role changed, removed), whichever route asked:
 * a project that has admin members keeps at least one, an admin who loses the role takes the
 * invitations they sent with them, and the audit log records the role before and after.
 */
function writeMembership(db: SqliteDatabase, projectId: string, userId: string, role: Role | null, actor: Actor, options: { mustBeMember: boolean }): void {
  db.transaction(() => {
    const member = db
      .prepare(`SELECT u.email, u.is_admin AS isInstanceAdmin, m.role FROM users u LEFT JOIN project_members m ON m.user_id = u.id AND m.project_id = ? WHERE u.id = ?`)
      .get(projectId, userId) as { email: string; isInstanceAdmin: number; role: Role | null } | undefined;
    const from = member?.role ?? null;
    if (!member || (from === null && (options.mustBeMember || role === null))) throw new ApiError(404, "not_found", "no such member");
    if (from === role) return;
    if (from === "admin") {
      const admins = (db.prepare(`SELECT COUNT(*) AS n FROM project_members WHERE project_id = ? AND role = 'admin'`).get(projectId) as { n: number }).n;
      if (admins <= 1) throw new ApiError(409, "last_admin", "a project keeps at least one admin: make someone else admin first");
      // Instance admins stay admin in every project, and so does their authority to invite.
      if (member.isInstanceAdmin !== 1) cancelInvitationsFrom(db, projectId, userId, actor);
    }
    if (role === null) {
      db.prepare(`DELETE FROM project_members WHERE project_id = ? AND user_id = ?`).run(projectId, userId);
      audit(db, actor, "member.removed", projectId, { userId, email: member.email, role: from });
    } else if (from === null) {
      db.prepare(`INSERT INTO project_members (project_id, user_id, role, created_at) VALUES (?, ?, ?, ?)`).run(projectId, userId, role, Date.now());
      audit(db, actor, "member.added", projectId, { userId, email: member.email, role });
    } else {
      db.prepare(`UPDATE project_members SET role = ? WHERE project_id = ? AND user_id = ?`).run(role, projectId, userId);
      audit(db, actor, "member.role_changed", projectId, { userId, email: member.email, from, to: role });
    }
  }).immediate();
}

/**
 * Invites someone to a project. An existing account joins at once (or has its role changed,
 * under the same rules as PATCH); otherwise an invitation token is returned for the admin to
 * send (Loupe sends no email).
 */
export function inviteMember(db: SqliteDatabase, projectId: string, email: string, role: Role, actor: Actor): { joined: boolean; token: string | null } {
  const normalized = normalizeEmail(email);
  const existing = findUserByEmail(db, normalized);
  if (existing) {
    writeMembership(db, projectId, existing.id, role, actor, { mustBeMember: false });
    return { joined: true, token: null };
  }
  const token = crypto.randomBytes(24).toString("base64url");
  const now = Date.now();
  db.prepare(
    `INSERT INTO invitations (id, email, project_id, role, token_hash, invited_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(crypto.randomUUID(), normalized, projectId, role, tokenHash(token), actor.userId ?? "system", now, now + INVITE_DAYS * 86_400_000);
  audit(db, actor, "member.invited", projectId, { email: normalized, role });
  return { joined: false, token };
}

/**
 * An open invitation by its token. Its sender must still hold the authority to invite (an
 * instance admin or an admin of the project), whatever path took that authority away.
 */
export function findInvitation(db: SqliteDatabase, token: string) {
  return db
    .prepare(
      `SELECT i.id, i.email, i.role, i.project_id AS projectId, p.name AS projectName FROM invitations i JOIN projects p ON p.id = i.project_id
       WHERE i.token_hash = ? AND ${OPEN_INVITATION}
         AND (i.invited_by = 'system'
              OR EXISTS (SELECT 1 FROM users u WHERE u.id = i.invited_by AND u.is_admin = 1)
              OR EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = i.project_id AND m.user_id = i.invited_by AND m.role = 'admin'))`,
    )
    .get(tokenHash(token), Date.now()) as { id: string; email: string; role: Role; projectId: string; projectName: string } | undefined;
}

/**
 * Accepts an invitation: creates the account and the membership. Returns the new user id.
 * The invitation is read again inside the write transaction, so parallel accepts of one token
 * create one account; the others get 404 (used) or 409 (email taken).
 */
export async function acceptInvitation(db: SqliteDatabase, token: string, name: string, password: string): Promise<string> {
  const invalid = () => new ApiError(404, "not_found", "this invitation is invalid, used or expired");
  if (!findInvitation(db, token)) throw invalid();
  const passwordHash = await hashNewPassword(password);
  return db
    .transaction(() => {
      const invitation = findInvitation(db, token);
      if (!invitation) throw invalid();
      const joiner = { userId: null, email: invitation.email };
      const userId = insertUser(db, { email: invitation.email, name, isAdmin: false, passwordHash }, joiner);
      db.prepare(`INSERT INTO project_members (project_id, user_id, role, created_at) VALUES (?, ?, ?, ?)`).run(invitation.projectId, userId, invitation.role, Date.now());
      db.prepare(`UPDATE invitations SET accepted_at = ? WHERE id = ?`).run(Date.now(), invitation.id);
      audit(db, { userId, email: invitation.email }, "member.joined", invitation.projectId, { role: invitation.role });
      return userId;
    })
    .immediate();
}

export function setMemberRole(db: SqliteDatabase, projectId: string, userId: string, role: Role, actor: Actor): void {
  writeMembership(db, projectId, userId, role, actor, { mustBeMember: true });
}

export function removeMember(db: SqliteDatabase, projectId: string, userId: string, actor: Actor): void {
  writeMembership(db, projectId, userId, null, actor, { mustBeMember: true });
}
