import { statsRoute } from "@/lib/api/statsRoute";
import { positionConfidenceHeatmap } from "@/lib/queries/stats/heatmap";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/stats/heatmap: token counts by position bucket x probability bucket. */
export const GET = statsRoute((filter) => positionConfidenceHeatmap(filter));
