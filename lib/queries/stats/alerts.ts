import { sql } from "kysely";
import type { ResponseFlag } from "@/lib/metrics/flags";
import { db } from "@/lib/db/database";
import { responseFilterWhere, type StatsFilter } from "@/lib/db/responseFilterSql";

/** The newest flagged responses in the range, with their fired rules. */
export async function alertFeed(filter: StatsFilter, limit: number) {
  const rows = await db()
    .selectFrom("responses as r")
    .select((eb) => [
      "r.id",
      "r.model",
      "r.occurred_at as occurredAt",
      "r.flags",
      eb.fn<string>("substr", ["r.output_text", sql.lit(1), sql.lit(160)]).as("preview"),
      "r.avg_logprob as avgLogprob",
    ])
    .where(responseFilterWhere(filter))
    .where("r.flag_count", ">", 0)
    .orderBy("r.occurred_at", "desc")
    .orderBy("r.id", "desc")
    .limit(limit)
    .execute();
  return {
    data: rows.map((row) => ({
      ...row,
      occurredAt: new Date(row.occurredAt).toISOString(),
      flags: JSON.parse(row.flags ?? "[]") as ResponseFlag[],
    })),
  };
}
