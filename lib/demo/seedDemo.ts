import { DEMO_PROJECT_ID } from "@/lib/db/bootstrap";
import type { SqliteDatabase } from "@/lib/db/sqlite";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { demoRecords } from "./demoPayloads";

export const DEMO_RESPONSE_COUNT = 2400;
export const DEMO_DAYS = 14;

export function databaseIsEmpty(db: SqliteDatabase): boolean {
  return db.prepare(`SELECT 1 FROM responses LIMIT 1`).get() === undefined;
}

/** Loads the labelled demo project through the real ingestion path. Returns how many responses were stored. */
export function seedDemo(db: SqliteDatabase, options: { count?: number; now?: number } = {}): number {
  const now = options.now ?? Date.now();
  db.prepare(`INSERT OR IGNORE INTO projects (id, name, is_demo, created_at) VALUES (?, 'Demo (sample data)', 1, ?)`).run(
    DEMO_PROJECT_ID,
    now,
  );
  const records = demoRecords({ count: options.count ?? DEMO_RESPONSE_COUNT, now, days: DEMO_DAYS });
  let stored = 0;
  for (let start = 0; start < records.length; start += 250) {
    const batch = records.slice(start, start + 250).map((value) => ({ value }));
    const summary = ingestRecords(db, DEMO_PROJECT_ID, batch, { now });
    const failed = summary.results.find((result) => result.error);
    if (failed) throw new Error(`demo record ${start + failed.index} failed: ${failed.error?.message}`);
    stored += summary.ingested;
  }
  return stored;
}
