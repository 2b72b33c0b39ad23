import { sqlite } from "@/lib/db/sqlite";

/** What the filter bar offers: projects (only its own for an API key), and the models and tags seen in the project. */
export function facets(projectId: string, allProjects: boolean) {
  const db = sqlite();
  const projects = db
    .prepare(`SELECT id, name, is_demo AS isDemo FROM projects WHERE ? OR id = ? ORDER BY is_demo, created_at`)
    .all(allProjects ? 1 : 0, projectId) as Array<{ id: string; name: string; isDemo: number }>;
  const models = db.prepare(`SELECT DISTINCT model FROM responses WHERE project_id = ? ORDER BY model`).all(projectId) as Array<{ model: string }>;
  const tags = db.prepare(`SELECT DISTINCT tag FROM response_tags WHERE project_id = ? ORDER BY tag`).all(projectId) as Array<{ tag: string }>;
  return {
    projectId,
    projects: projects.map((p) => ({ ...p, isDemo: p.isDemo === 1 })),
    models: models.map((m) => m.model),
    tags: tags.map((t) => t.tag),
  };
}
