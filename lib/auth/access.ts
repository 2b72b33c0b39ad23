import { sql } from "kysely";
import { ApiError } from "@/lib/api/errors";
import type { DataLayer } from "@/lib/db/database";
import { sessionToken, validateSession, type SessionUser } from "./sessions";

/** Roles per project, weakest first. Instance admins act as `admin` in every project. */
export const ROLES = ["viewer", "member", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(role: Role | null, needed: Role): boolean {
  return role !== null && ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export async function projectRole(db: DataLayer, user: SessionUser, projectId: string): Promise<Role | null> {
  const exists = await db.selectFrom("projects").select("id").where("id", "=", projectId).executeTakeFirst();
  if (!exists) return null;
  if (user.isAdmin) return "admin";
  const row = await db.selectFrom("project_members").select("role").where("project_id", "=", projectId).where("user_id", "=", user.userId).executeTakeFirst();
  return (row?.role as Role | undefined) ?? null;
}

export interface AccessibleProject {
  id: string;
  name: string;
  isDemo: boolean;
  role: Role;
  hasData: boolean;
}

/** The projects a user may see, with their role: every project for instance admins. */
export async function accessibleProjects(db: DataLayer, user: SessionUser): Promise<AccessibleProject[]> {
  const rows = await db
    .selectFrom("projects as p")
    .leftJoin("project_members as m", (join) => join.onRef("m.project_id", "=", "p.id").on("m.user_id", "=", user.userId))
    .select((eb) => [
      "p.id",
      "p.name",
      "p.is_demo as isDemo",
      "m.role as role",
      eb.exists(eb.selectFrom("responses as r").select(sql.lit(1).as("one")).whereRef("r.project_id", "=", "p.id")).as("hasData"),
    ])
    .$if(!user.isAdmin, (query) => query.where("m.role", "is not", null))
    .orderBy("p.is_demo")
    .orderBy("p.created_at")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    isDemo: Boolean(row.isDemo),
    role: user.isAdmin ? "admin" : (row.role as Role),
    hasData: Boolean(row.hasData),
  }));
}

/** The project the dashboard opens on: a non-demo project with data, else one with data, else the first. */
export function defaultProjectFor(projects: AccessibleProject[]): string | null {
  return (projects.find((p) => p.hasData && !p.isDemo) ?? projects.find((p) => p.hasData) ?? projects[0])?.id ?? null;
}

export function sessionFromRequest(db: DataLayer, request: Request): Promise<SessionUser | null> {
  return validateSession(db, sessionToken(request));
}

export async function requireSessionUser(db: DataLayer, request: Request): Promise<SessionUser> {
  const user = await sessionFromRequest(db, request);
  if (!user) throw new ApiError(401, "unauthorized", "sign in first");
  return user;
}

/**
 * A user's access to one project: 404 (not 403) when they may not see it, so project ids
 * do not leak; 403 when they see it but lack the role.
 */
export async function requireProjectRole(db: DataLayer, user: SessionUser, projectId: string, needed: Role): Promise<Role> {
  const role = await projectRole(db, user, projectId);
  if (role === null) throw new ApiError(404, "not_found", `project ${projectId} not found`);
  if (!roleAtLeast(role, needed)) throw new ApiError(403, "forbidden", `this needs the ${needed} role in project ${projectId}`);
  return role;
}
