import type { DataLayer } from "@/lib/db/database";

export interface Actor {
  userId: string | null;
  email: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, email: null };

/** Records a settings change: who, what, when. Secrets never go in `details`. */
export async function audit(db: DataLayer, actor: Actor, action: string, projectId: string | null, details?: Record<string, unknown>): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({ at: Date.now(), user_id: actor.userId, user_email: actor.email, project_id: projectId, action, details: details ? JSON.stringify(details) : null })
    .execute();
}

export async function recentAudit(db: DataLayer, limit = 100) {
  const rows = await db
    .selectFrom("audit_log")
    .select(["id", "at", "user_email as userEmail", "project_id as projectId", "action", "details"])
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, at: new Date(row.at).toISOString(), details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null }));
}
