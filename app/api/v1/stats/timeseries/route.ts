import { statsRoute } from "@/lib/api/statsRoute";
import { timeseriesQuerySchema } from "@/lib/api/statsSchemas";
import { avgLogprobTimeseries } from "@/lib/queries/stats/timeseries";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/stats/timeseries?groupBy=model|tag: mean avgLogprob and p10-p90 per bucket and series. */
export const GET = statsRoute((filter, params) => avgLogprobTimeseries(filter, timeseriesQuerySchema.parse(params).groupBy));
