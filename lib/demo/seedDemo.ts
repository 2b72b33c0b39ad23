import { DEMO_PROJECT_ID } from "@/lib/db/bootstrap";
import type { DataLayer } from "@/lib/db/database";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { demoRecords } from "./demoPayloads";

export const DEMO_RESPONSE_COUNT = 2400;
export const DEMO_DAYS = 14;

export async function databaseIsEmpty(db: DataLayer): Promise<boolean> {
  return (await db.selectFrom("responses").select("id").limit(1).executeTakeFirst()) === undefined;
}

/** Loads the labelled demo project through the real ingestion path. Returns how many responses were stored. */
export async function seedDemo(db: DataLayer, options: { count?: number; now?: number } = {}): Promise<number> {
  const now = options.now ?? Date.now();
  await db
    .insertInto("projects")
    .values({ id: DEMO_PROJECT_ID, name: "Demo (sample data)", is_demo: true, created_at: now })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  const records = demoRecords({ count: options.count ?? DEMO_RESPONSE_COUNT, now, days: DEMO_DAYS });
  let stored = 0;
  for (let start = 0; start < records.length; start += 250) {
    const batch = records.slice(start, start + 250).map((value) => ({ value }));
    const summary = await ingestRecords(db, DEMO_PROJECT_ID, batch, { now });
    const failed = summary.results.find((result) => result.error);
    if (failed) throw new Error(`demo record ${start + failed.index} failed: ${failed.error?.message}`);
    stored += summary.ingested;
  }
  return stored;
}
