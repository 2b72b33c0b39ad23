import { statsRoute } from "@/lib/api/statsRoute";
import { alertsQuerySchema } from "@/lib/api/statsSchemas";
import { alertFeed } from "@/lib/queries/stats/alerts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/stats/alerts?limit=20: the newest flagged responses with their reasons. */
export const GET = statsRoute((filter, params) => alertFeed(filter, alertsQuerySchema.parse(params).limit));
