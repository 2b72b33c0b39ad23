import { z } from "zod";
import { dateRangeSchema, MAX_ROW_ID, rowIdSchema } from "@/lib/api/schemas";
import { ALERT_DETECTORS } from "@/lib/metrics/detectors/settings";

export const ALERT_STATUSES = ["open", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** `<occurredAt ms>_<id>` of the last alert of the previous page. */
const alertCursor = z
  .string()
  .regex(/^\d{1,16}_\d{1,10}$/, "not a valid cursor (use nextCursor from the previous page)")
  .transform((value, ctx) => {
    const [at, id] = value.split("_").map(Number) as [number, number];
    if (id > MAX_ROW_ID) {
      ctx.addIssue({ code: "custom", message: "not a valid cursor (use nextCursor from the previous page)" });
      return z.NEVER;
    }
    return { at, id };
  });

/** GET /api/v1/alerts query string. */
export const listAlertsQuerySchema = dateRangeSchema.extend({
  status: z.enum(ALERT_STATUSES).optional(),
  detector: z.enum(ALERT_DETECTORS).optional(),
  model: z.string().min(1).max(256).optional(),
  /** Only the alerts of one response (the token view). */
  responseId: rowIdSchema.optional(),
  cursor: alertCursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListAlertsQuery = z.infer<typeof listAlertsQuerySchema>;

const alertId = z.number().int().positive().max(MAX_ROW_ID);

export const alertStatusBodySchema = z.object({ status: z.enum(ALERT_STATUSES) }).strict();

/** Bulk PATCH /api/v1/alerts: up to 500 distinct ids. */
export const bulkAlertStatusBodySchema = z
  .object({ ids: z.array(alertId).min(1).max(500), status: z.enum(ALERT_STATUSES) })
  .strict();

export const alertIdParamsSchema = z.object({ id: rowIdSchema });
