import { statsRoute } from "@/lib/api/statsRoute";
import { rangeHint } from "@/lib/queries/stats/rangeHint";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/stats/range-hint: how many responses (model/tag filter kept) lie outside the range, and the newest and oldest of them. */
export const GET = statsRoute((filter) => rangeHint(filter));
