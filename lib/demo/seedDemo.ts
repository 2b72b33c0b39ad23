import { DEMO_PROJECT_ID } from "@/lib/db/bootstrap";
import type { DataLayer } from "@/lib/db/database";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import generations from "./demoGenerations.json";
import { realDemoRecords, type DemoGenerationsFile } from "./realDemo";

/** The demo: real generations of the small local model (lib/demo/demoGenerations.json, `npm run demo:generate`). */
export const DEMO_GENERATIONS = generations as unknown as DemoGenerationsFile;
export const DEMO_DAYS = 14;
export const DEMO_PROJECT_NAME = "Demo (real stories260K generations)";

export async function databaseIsEmpty(db: DataLayer): Promise<boolean> {
  return (await db.selectFrom("responses").select("id").limit(1).executeTakeFirst()) === undefined;
}

/**
 * Loads the labelled demo project through the real ingestion path: every committed generation
 * (or the oldest `count`), spread over the last 14 days before `now`. Returns how many
 * responses were stored.
 */
export async function seedDemo(db: DataLayer, options: { count?: number; now?: number } = {}): Promise<number> {
  const now = options.now ?? Date.now();
  await db
    .insertInto("projects")
    .values({ id: DEMO_PROJECT_ID, name: DEMO_PROJECT_NAME, is_demo: true, created_at: now })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  const records = realDemoRecords(DEMO_GENERATIONS, now, DEMO_DAYS).slice(0, options.count);
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
