import crypto from "node:crypto";
import { audit, type Actor } from "@/lib/audit/auditLog";
import type { DataLayer } from "@/lib/db/database";

export async function createProject(db: DataLayer, name: string, actor: Actor): Promise<{ id: string; name: string }> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 32) || "project";
  const id = `${slug}-${crypto.randomBytes(3).toString("hex")}`;
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("projects").values({ id, name: name.trim(), is_demo: false, created_at: Date.now() }).execute();
    if (actor.userId) {
      await trx.insertInto("project_members").values({ project_id: id, user_id: actor.userId, role: "admin", created_at: Date.now() }).execute();
    }
    await audit(trx, actor, "project.created", id, { name });
  });
  return { id, name };
}
