import type { SqliteDatabase } from "@/lib/db/sqlite";

export interface Actor {
  userId: string | null;
  email: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, email: null };

/** Records a settings change: who, what, when. Secrets never go in `details`. */
export function audit(db: SqliteDatabase, actor: Actor, action: string, projectId: string | null, details?: Record<string, unknown>): void {
  db.prepare(`INSERT INTO audit_log (at, user_id, user_email, project_id, action, details) VALUES (?, ?, ?, ?, ?, ?)`).run(
    Date.now(),
    actor.userId,
    actor.email,
    projectId,
    action,
    details ? JSON.stringify(details) : null,
  );
}

export function recentAudit(db: SqliteDatabase, limit = 100) {
  const rows = db
    .prepare(`SELECT id, at, user_email AS userEmail, project_id AS projectId, action, details FROM audit_log ORDER BY at DESC, id DESC LIMIT ?`)
    .all(limit) as Array<{ id: number; at: number; userEmail: string | null; projectId: string | null; action: string; details: string | null }>;
  return rows.map((row) => ({ ...row, at: new Date(row.at).toISOString(), details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null }));
}
