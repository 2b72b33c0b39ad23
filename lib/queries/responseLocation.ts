import { projectRole, roleAtLeast } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/sessions";
import { db as dataLayer } from "@/lib/db/database";
import type { SqliteDatabase } from "@/lib/db/sqlite";

/**
 * The project a response lives in, for a user who opened it under another project: only
 * when they may read that project (null otherwise, so ids of other projects do not leak).
 */
export async function responseLocation(db: SqliteDatabase, user: SessionUser, responseId: number): Promise<{ projectId: string; projectName: string } | null> {
  const row = db
    .prepare(`SELECT p.id AS projectId, p.name AS projectName FROM responses r JOIN projects p ON p.id = r.project_id WHERE r.id = ?`)
    .get(responseId) as { projectId: string; projectName: string } | undefined;
  if (!row || !roleAtLeast(await projectRole(dataLayer(), user, row.projectId), "viewer")) return null;
  return row;
}
