import { requireReader } from "@/lib/auth/requireReader";
import type { StatsFilter } from "@/lib/db/responseFilterSql";
import { withErrors } from "./errors";
import { searchParamsObject } from "./schemas";
import { statsQuerySchema } from "./statsSchemas";

/** Shared shell of the stats routes: authorize, parse the common filter, answer JSON. */
export function statsRoute(handler: (filter: StatsFilter, params: Record<string, string>) => unknown) {
  return withErrors(async (request: Request) => {
    const { projectId } = requireReader(request);
    const params = searchParamsObject(request.url);
    const query = statsQuerySchema.parse(params);
    return Response.json(await handler({ projectId, from: query.from, to: query.to, model: query.model, tag: query.tag }, params));
  });
}
