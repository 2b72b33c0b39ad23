import { accessibleProjects } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/sessions";
import { backend, db } from "@/lib/db/database";
import { codePointOrder } from "@/lib/db/dialect";

/**
 * What the filter bar offers: the user's projects (a key: its own), and the models and tags seen
 * in the project, from project_facets (kept at ingest: lib/db/projectFacets.ts), not a DISTINCT
 * over its responses.
 */
export async function facets(projectId: string, user: SessionUser | null) {
  const projects = user
    ? (await accessibleProjects(db(), user)).map((p) => ({ id: p.id, name: p.name, isDemo: p.isDemo }))
    : (await db().selectFrom("projects").select(["id", "name", "is_demo"]).where("id", "=", projectId).execute()).map((p) => ({ id: p.id, name: p.name, isDemo: Boolean(p.is_demo) }));
  const seen = await db().selectFrom("project_facets").select(["kind", "value"]).where("project_id", "=", projectId).orderBy("kind").orderBy(codePointOrder(backend(), "value")).execute();
  const values = (kind: "model" | "tag") => seen.filter((row) => row.kind === kind).map((row) => row.value);
  return { projectId, projects, models: values("model"), tags: values("tag") };
}
