import { db } from "@/lib/db/database";
import { modelAndTagWhere, type StatsFilter } from "@/lib/db/responseFilterSql";

export interface RangeHint {
  /** Responses of the project (same model and tag filter) outside [from, to). */
  outside: number;
  /** Epoch ms of the newest and oldest of them; null when there are none. */
  latest: number | null;
  earliest: number | null;
}

/**
 * What an empty range hides: responses recorded with provider timestamps (`created`) from
 * another year land outside every preset, and the dashboard says so instead of "no data".
 */
export async function rangeHint(filter: StatsFilter): Promise<RangeHint> {
  const row = await db()
    .selectFrom("responses as r")
    .select((eb) => [eb.fn.countAll<number>().as("outside"), eb.fn.max("r.occurred_at").as("latest"), eb.fn.min("r.occurred_at").as("earliest")])
    .where((eb) =>
      eb.and([
        eb("r.project_id", "=", filter.projectId),
        eb.or([eb("r.occurred_at", "<", filter.from), eb("r.occurred_at", ">=", filter.to)]),
        ...modelAndTagWhere(eb, filter),
      ]),
    )
    .executeTakeFirstOrThrow();
  return { outside: Number(row.outside), latest: row.latest ?? null, earliest: row.earliest ?? null };
}
