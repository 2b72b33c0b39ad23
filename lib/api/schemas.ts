import { z } from "zod";

/** The longest range the stats endpoints (the overview) answer, and so the custom range picker accepts. */
export const MAX_RANGE_DAYS = 366;

/** The latest instant a JavaScript Date holds (ECMA-262 time value range), in epoch ms. */
export const LATEST_DATE_MS = 8_640_000_000_000_000;

/** Reusable query-string pieces shared by the read endpoints. */
export const isoOrEpoch = z
  .string()
  .transform((value, ctx) => {
    const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    if (Number.isNaN(time)) {
      ctx.addIssue({ code: "custom", message: "must be an ISO 8601 date-time or epoch milliseconds" });
      return z.NEVER;
    }
    if (time > LATEST_DATE_MS) {
      ctx.addIssue({ code: "custom", message: `must be at most ${LATEST_DATE_MS} (the latest date there is)` });
      return z.NEVER;
    }
    return time;
  });

export const dateRangeSchema = z.object({ from: isoOrEpoch.optional(), to: isoOrEpoch.optional() });

export const pagingSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

const booleanString = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");

export const responseFilterSchema = dateRangeSchema.extend({
  model: z.string().max(256).optional(),
  tag: z.string().max(128).optional(),
  flagged: booleanString.optional(),
  minAvgLogprob: z.coerce.number().optional(),
  maxAvgLogprob: z.coerce.number().optional(),
  q: z.string().max(200).optional(),
});

export const listResponsesQuerySchema = responseFilterSchema.merge(pagingSchema).extend({
  sort: z
    .enum(["occurredAt", "avgLogprob", "perplexity", "maxEntropyBits", "tokenCount", "flagCount"])
    .default("occurredAt"),
  order: z.enum(["asc", "desc"]).default("desc"),
});

export type ResponseFilter = z.infer<typeof responseFilterSchema>;
export type ListResponsesQuery = z.infer<typeof listResponsesQuerySchema>;

/**
 * A URL's query as an object for the zod schemas. A parameter given empty (`?minAvgLogprob=`, as
 * a form sends a blank field) counts as absent: z.coerce.number() would read it as 0, and a
 * `min(1)` string would refuse it, where the parameter left out means "no filter".
 */
export function searchParamsObject(url: string): Record<string, string> {
  return Object.fromEntries([...new URL(url).searchParams.entries()].filter(([, value]) => value !== ""));
}

/**
 * A row id from a path or query: ids are 32-bit (`SERIAL` on PostgreSQL), and a larger number
 * sent there fails the query with a 500 instead of finding nothing.
 */
export const MAX_ROW_ID = 2_147_483_647;
export const rowIdSchema = z.coerce.number().int().positive().max(MAX_ROW_ID);

/** The row id a text names, strictly (1 to 10 digits, no sign or exponent), or null: a page's path segment, a list cursor. */
export function parseRowId(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,10}$/.test(text)) return null;
  const id = Number(text);
  return id >= 1 && id <= MAX_ROW_ID ? id : null;
}

/** `?tokens=START-END` on a response's detail: token positions, END exclusive, at most 2,000 of them. */
export const TOKEN_RANGE_MAX_SPAN = 2_000;
export const tokenRangeSchema = z
  .string()
  .regex(/^\d{1,9}-\d{1,9}$/, "must be START-END, e.g. 2000-4000")
  .transform((value, ctx) => {
    const [start, end] = value.split("-").map(Number) as [number, number];
    if (end <= start) ctx.addIssue({ code: "custom", message: "END must be greater than START" });
    else if (end - start > TOKEN_RANGE_MAX_SPAN) ctx.addIssue({ code: "custom", message: `at most ${TOKEN_RANGE_MAX_SPAN} tokens per request` });
    return { start, end };
  });
