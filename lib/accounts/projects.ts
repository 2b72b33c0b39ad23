import crypto from "node:crypto";
import { audit, type Actor } from "@/lib/audit/auditLog";
import type { SqliteDatabase } from "@/lib/db/sqlite";

export function createProject(db: SqliteDatabase, name: string, actor: Actor): { id: string; name: string } {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 32) || "project";
  const id = `${slug}-${crypto.randomBytes(3).toString("hex")}`;
  db.prepare(`INSERT INTO projects (id, name, is_demo, created_at) VALUES (?, ?, 0, ?)`).run(id, name.trim(), Date.now());
  if (actor.userId) {
    db.prepare(`INSERT INTO project_members (project_id, user_id, role, created_at) VALUES (?, ?, 'admin', ?)`).run(id, actor.userId, Date.now());
  }
  audit(db, actor, "project.created", id, { name });
  return { id, name };
}
