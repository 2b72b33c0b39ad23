import { ApiError } from "@/lib/api/errors";
import type { SqliteDatabase } from "@/lib/db/sqlite";
import { readCookie, SESSION_COOKIE, validateSession, type SessionUser } from "./sessions";

/** Roles per project, weakest first. Instance admins act as `admin` in every project. */
export const ROLES = ["viewer", "member", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(role: Role | null, needed: Role): boolean {
  return role !== null && ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export function projectRole(db: SqliteDatabase, user: SessionUser, projectId: string): Role | null {
  const exists = db.prepare(`SELECT 1 FROM projects WHERE id = ?`).get(projectId);
  if (!exists) return null;
  if (user.isAdmin) return "admin";
  const row = db.prepare(`SELECT role FROM project_members WHERE project_id = ? AND user_id = ?`).get(projectId, user.userId) as { role: Role } | undefined;
  return row?.role ?? null;
}

export interface AccessibleProject {
  id: string;
  name: string;
  isDemo: boolean;
  role: Role;
  hasData: boolean;
}

/** The projects a user may see, with their role: every project for instance admins. */
export function accessibleProjects(db: SqliteDatabase, user: SessionUser): AccessibleProject[] {
  const rows = db
    .prepare(
      `SELECT p.id, p.name, p.is_demo AS isDemo, m.role AS role,
              EXISTS (SELECT 1 FROM responses r WHERE r.project_id = p.id) AS hasData
       FROM projects p LEFT JOIN project_members m ON m.project_id = p.id AND m.user_id = ?
       WHERE ? OR m.role IS NOT NULL
       ORDER BY p.is_demo, p.created_at`,
    )
    .all(user.userId, user.isAdmin ? 1 : 0) as Array<{ id: string; name: string; isDemo: number; role: Role | null; hasData: number }>;
  return rows.map((row) => ({ id: row.id, name: row.name, isDemo: row.isDemo === 1, role: user.isAdmin ? "admin" : (row.role as Role), hasData: row.hasData === 1 }));
}

/** The project the dashboard opens on: a non-demo project with data, else one with data, else the first. */
export function defaultProjectFor(projects: AccessibleProject[]): string | null {
  return (projects.find((p) => p.hasData && !p.isDemo) ?? projects.find((p) => p.hasData) ?? projects[0])?.id ?? null;
}

export function sessionFromRequest(db: SqliteDatabase, request: Request): SessionUser | null {
  return validateSession(db, readCookie(request.headers.get("cookie"), SESSION_COOKIE));
}

export function requireSessionUser(db: SqliteDatabase, request: Request): SessionUser {
  const user = sessionFromRequest(db, request);
  if (!user) throw new ApiError(401, "unauthorized", "sign in first");
  return user;
}

/**
 * A user's access to one project: 404 (not 403) when they may not see it, so project ids
 * do not leak; 403 when they see it but lack the role.
 */
export function requireProjectRole(db: SqliteDatabase, user: SessionUser, projectId: string, needed: Role): Role {
  const role = projectRole(db, user, projectId);
  if (role === null) throw new ApiError(404, "not_found", `project ${projectId} not found`);
  if (!roleAtLeast(role, needed)) throw new ApiError(403, "forbidden", `this needs the ${needed} role in project ${projectId}`);
  return role;
}
