import { statsRoute } from "@/lib/api/statsRoute";
import { histogramQuerySchema } from "@/lib/api/statsSchemas";
import { metricHistogram } from "@/lib/queries/stats/histogram";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/stats/histogram?metric=avgLogprob|perplexity|meanEntropyBits|minLogprob|lowConfidenceRatio */
export const GET = statsRoute((filter, params) => metricHistogram(filter, histogramQuerySchema.parse(params).metric));
