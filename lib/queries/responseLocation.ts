import { projectRole, roleAtLeast } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/sessions";
import type { SqliteDatabase } from "@/lib/db/sqlite";

/**
 * The project a response lives in, for a user who opened it under another project: only
 * when they may read that project (null otherwise, so ids of other projects do not leak).
 */
export function responseLocation(db: SqliteDatabase, user: SessionUser, responseId: number): { projectId: string; projectName: string } | null {
  const row = db
    .prepare(`SELECT p.id AS projectId, p.name AS projectName FROM responses r JOIN projects p ON p.id = r.project_id WHERE r.id = ?`)
    .get(responseId) as { projectId: string; projectName: string } | undefined;
  if (!row || !roleAtLeast(projectRole(db, user, row.projectId), "viewer")) return null;
  return row;
}
