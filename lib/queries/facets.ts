import { accessibleProjects } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/sessions";
import { db as dataLayer } from "@/lib/db/database";
import { sqlite } from "@/lib/db/sqlite";

/** What the filter bar offers: the user's projects (a key: its own), and the models and tags seen in the project. */
export async function facets(projectId: string, user: SessionUser | null) {
  const db = sqlite();
  const projects = user
    ? (await accessibleProjects(dataLayer(), user)).map((p) => ({ id: p.id, name: p.name, isDemo: p.isDemo ? 1 : 0 }))
    : (db.prepare(`SELECT id, name, is_demo AS isDemo FROM projects WHERE id = ?`).all(projectId) as Array<{ id: string; name: string; isDemo: number }>);
  const models = db.prepare(`SELECT DISTINCT model FROM responses WHERE project_id = ? ORDER BY model`).all(projectId) as Array<{ model: string }>;
  const tags = db.prepare(`SELECT DISTINCT tag FROM response_tags WHERE project_id = ? ORDER BY tag`).all(projectId) as Array<{ tag: string }>;
  return {
    projectId,
    projects: projects.map((p) => ({ ...p, isDemo: p.isDemo === 1 })),
    models: models.map((m) => m.model),
    tags: tags.map((t) => t.tag),
  };
}
