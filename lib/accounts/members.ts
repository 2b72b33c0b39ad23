import crypto from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import { audit, type Actor } from "@/lib/audit/auditLog";
import type { Role } from "@/lib/auth/access";
import type { SqliteDatabase } from "@/lib/db/sqlite";
import { findUserByEmail, hashNewPassword, insertUser, normalizeEmail } from "./users";

const INVITE_DAYS = 7;
const tokenHash = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

export function listMembers(db: SqliteDatabase, projectId: string) {
  const members = db
    .prepare(
      `SELECT u.id AS userId, u.email, u.name, m.role, m.created_at AS since FROM project_members m JOIN users u ON u.id = m.user_id
       WHERE m.project_id = ? ORDER BY u.email`,
    )
    .all(projectId) as Array<{ userId: string; email: string; name: string; role: Role; since: number }>;
  const invitations = db
    .prepare(`SELECT id, email, role, expires_at AS expiresAt FROM invitations WHERE project_id = ? AND accepted_at IS NULL AND expires_at > ? ORDER BY created_at DESC`)
    .all(projectId, Date.now()) as Array<{ id: string; email: string; role: Role; expiresAt: number }>;
  return {
    members: members.map((m) => ({ ...m, since: new Date(m.since).toISOString() })),
    invitations: invitations.map((i) => ({ ...i, expiresAt: new Date(i.expiresAt).toISOString() })),
  };
}

/**
 * Invites someone to a project. An existing account joins at once; otherwise an invitation
 * token is returned for the admin to send (Loupe sends no email).
 */
export function inviteMember(db: SqliteDatabase, projectId: string, email: string, role: Role, actor: Actor): { joined: boolean; token: string | null } {
  const normalized = normalizeEmail(email);
  const existing = findUserByEmail(db, normalized);
  if (existing) {
    db.prepare(
      `INSERT INTO project_members (project_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role`,
    ).run(projectId, existing.id, role, Date.now());
    audit(db, actor, "member.added", projectId, { email: normalized, role });
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

export function findInvitation(db: SqliteDatabase, token: string) {
  return db
    .prepare(
      `SELECT i.id, i.email, i.role, i.project_id AS projectId, p.name AS projectName FROM invitations i JOIN projects p ON p.id = i.project_id
       WHERE i.token_hash = ? AND i.accepted_at IS NULL AND i.expires_at > ?`,
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

/** Refuses a change that would leave a project, which has admin members, without any. */
function keepAnAdmin(db: SqliteDatabase, projectId: string, userId: string): void {
  const current = db.prepare(`SELECT role FROM project_members WHERE project_id = ? AND user_id = ?`).get(projectId, userId) as { role: Role } | undefined;
  if (current?.role !== "admin") return;
  const admins = (db.prepare(`SELECT COUNT(*) AS n FROM project_members WHERE project_id = ? AND role = 'admin'`).get(projectId) as { n: number }).n;
  if (admins <= 1) throw new ApiError(409, "last_admin", "a project keeps at least one admin: make someone else admin first");
}

export function setMemberRole(db: SqliteDatabase, projectId: string, userId: string, role: Role, actor: Actor): void {
  if (role !== "admin") keepAnAdmin(db, projectId, userId);
  const result = db.prepare(`UPDATE project_members SET role = ? WHERE project_id = ? AND user_id = ?`).run(role, projectId, userId);
  if (result.changes === 0) throw new ApiError(404, "not_found", "no such member");
  audit(db, actor, "member.role_changed", projectId, { userId, role });
}

export function removeMember(db: SqliteDatabase, projectId: string, userId: string, actor: Actor): void {
  keepAnAdmin(db, projectId, userId);
  const result = db.prepare(`DELETE FROM project_members WHERE project_id = ? AND user_id = ?`).run(projectId, userId);
  if (result.changes === 0) throw new ApiError(404, "not_found", "no such member");
  audit(db, actor, "member.removed", projectId, { userId });
}
