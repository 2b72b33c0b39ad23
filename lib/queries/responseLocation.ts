import { projectRole, roleAtLeast } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/sessions";
import { db, type DataLayer } from "@/lib/db/database";

/**
 * The project a response lives in, for a user who opened it under another project: only
 * when they may read that project (null otherwise, so ids of other projects do not leak).
 */
export async function responseLocation(authDb: DataLayer, user: SessionUser, responseId: number): Promise<{ projectId: string; projectName: string } | null> {
  const row = await db()
    .selectFrom("responses as r")
    .innerJoin("projects as p", "p.id", "r.project_id")
    .select(["p.id as projectId", "p.name as projectName"])
    .where("r.id", "=", responseId)
    .executeTakeFirst();
  if (!row || !roleAtLeast(await projectRole(authDb, user, row.projectId), "viewer")) return null;
  return row;
}
