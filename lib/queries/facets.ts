import { accessibleProjects } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/sessions";
import { db } from "@/lib/db/database";

/** What the filter bar offers: the user's projects (a key: its own), and the models and tags seen in the project. */
export async function facets(projectId: string, user: SessionUser | null) {
  const projects = user
    ? (await accessibleProjects(db(), user)).map((p) => ({ id: p.id, name: p.name, isDemo: p.isDemo }))
    : (await db().selectFrom("projects").select(["id", "name", "is_demo"]).where("id", "=", projectId).execute()).map((p) => ({ id: p.id, name: p.name, isDemo: Boolean(p.is_demo) }));
  const models = await db().selectFrom("responses").select("model").distinct().where("project_id", "=", projectId).orderBy("model").execute();
  const tags = await db().selectFrom("response_tags").select("tag").distinct().where("project_id", "=", projectId).orderBy("tag").execute();
  return { projectId, projects, models: models.map((m) => m.model), tags: tags.map((t) => t.tag) };
}
