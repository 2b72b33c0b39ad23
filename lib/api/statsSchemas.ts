import { z } from "zod";
import { HISTOGRAM_METRICS, type HistogramMetric } from "@/lib/queries/stats/histogram";
import { dateRangeSchema, MAX_RANGE_DAYS } from "./schemas";

const DAY = 86_400_000;

/** Query string shared by every /api/v1/stats endpoint; the range defaults to the last 7 days. */
export const statsQuerySchema = dateRangeSchema
  .extend({
    model: z.string().max(256).optional(),
    tag: z.string().max(128).optional(),
  })
  .transform((query, ctx) => {
    const to = query.to ?? Date.now();
    const from = query.from ?? to - 7 * DAY;
    if (from >= to) ctx.addIssue({ code: "custom", path: ["from"], message: "must be before `to`" });
    if (to - from > MAX_RANGE_DAYS * DAY) ctx.addIssue({ code: "custom", path: ["from"], message: `range is limited to ${MAX_RANGE_DAYS} days` });
    return { ...query, from, to };
  });

export const timeseriesQuerySchema = z.object({ groupBy: z.enum(["model", "tag"]).default("model") });
export const histogramQuerySchema = z.object({
  metric: z.enum(Object.keys(HISTOGRAM_METRICS) as [HistogramMetric, ...HistogramMetric[]]).default("avgLogprob"),
});
export const alertsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) });
