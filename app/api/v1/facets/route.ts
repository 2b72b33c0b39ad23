import { withErrors } from "@/lib/api/errors";
import { requireReader } from "@/lib/auth/requireReader";
import { facets } from "@/lib/queries/facets";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/facets: projects, and the models and tags of the selected project (for filter menus). */
export const GET = withErrors(async (request: Request) => {
  const reader = requireReader(request);
  return Response.json(await facets(reader.projectId, reader.user));
});
