import { z } from "zod";
import { dateRangeSchema, isoOrEpoch } from "./schemas";

/** Request schemas of /api/v1/classification. */
const label = z.string().max(128);
export const taskCreateSchema = z.object({
  name: z.string().trim().min(1).max(200),
  labels: z.array(label).min(2).max(100),
  tag: z.string().min(1).max(128),
});
export const taskPatchSchema = taskCreateSchema.partial().refine((patch) => Object.keys(patch).length > 0, "send name, labels or tag");
export type TaskCreate = z.infer<typeof taskCreateSchema>;

export const taskParamsSchema = z.object({ id: z.string().min(1).max(64) });

export const calibrationQuerySchema = dateRangeSchema;

export const thresholdsQuerySchema = dateRangeSchema.extend({
  targetPrecision: z.coerce.number().min(0).max(1).default(0.9),
});

/** `from,to` (ISO 8601 or epoch ms each), from before to. */
const windowParam = z.string().transform((value, ctx) => {
  const parts = value.split(",");
  const from = parts.length === 2 ? isoOrEpoch.safeParse(parts[0]) : null;
  const to = parts.length === 2 ? isoOrEpoch.safeParse(parts[1]) : null;
  if (!from?.success || !to?.success || !(from.data < to.data)) {
    ctx.addIssue({ code: "custom", message: "must be `from,to` (ISO 8601 or epoch ms), from before to" });
    return z.NEVER;
  }
  return { from: from.data, to: to.data };
});

export const shiftQuerySchema = z.object({
  reference: windowParam,
  current: windowParam,
  tag: z.string().min(1).max(128).optional(),
  psiThreshold: z.coerce.number().positive().max(100).default(0.2),
});
