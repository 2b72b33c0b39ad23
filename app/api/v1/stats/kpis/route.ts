import { statsRoute } from "@/lib/api/statsRoute";
import { kpis } from "@/lib/queries/stats/kpis";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/stats/kpis: responses, tokens, mean avgLogprob, median perplexity, share flagged; with the previous period. */
export const GET = statsRoute((filter) => kpis(filter));
