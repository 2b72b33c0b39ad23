import type { DataLayer } from "@/lib/db/database";
import { runProbeSet } from "./runProbeSet";
import { jobErrorLog } from "@/lib/db/jobErrorLog";

const MINUTE_MS = 60_000;
/** How often the app's background job looks for due probe sets. */
export const PROBE_CHECK_INTERVAL_MS = MINUTE_MS;

export interface DueProbesResult {
  /** Probe sets this call claimed and ran. */
  ran: number;
  failed: number;
}

/**
 * Runs every scheduled probe set whose `next_run_at` has come, once (README, "Drift probes";
 * the background job and `npm run probes`). Each set is claimed first by moving its
 * `next_run_at` one interval on with a compare-and-set, so two instances (or the app and a cron
 * job) never run the same set for the same slot.
 */
export async function runDueProbeSets(db: DataLayer, now = Date.now()): Promise<DueProbesResult> {
  const due = await db.selectFrom("probe_sets").selectAll().where("next_run_at", "is not", null).where("next_run_at", "<=", now).orderBy("next_run_at").execute();
  let ran = 0;
  let failed = 0;
  for (const set of due) {
    if (set.interval_minutes === null || set.next_run_at === null) continue;
    const claimed = await db
      .updateTable("probe_sets")
      .set({ next_run_at: now + set.interval_minutes * MINUTE_MS })
      .where("id", "=", set.id)
      .where("next_run_at", "=", set.next_run_at)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    ran++;
    try {
      const outcome = await runProbeSet(db, set);
      if (outcome.status === "failed") failed++;
    } catch (error) {
      // A set that can no longer run as configured (provider removed, model gone): say so, go on.
      failed++;
      console.error(`probes: ${set.name} (${set.id}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { ran, failed };
}

/** The app's probe job: runs due probe sets now and then every minute, one pass at a time. */
export function startProbeJob(db: DataLayer, intervalMs = PROBE_CHECK_INTERVAL_MS): () => void {
  let running = false;
  const logError = jobErrorLog("probes");
  const run = () => {
    if (running) return;
    running = true;
    runDueProbeSets(db)
      .then((result) => {
        if (result.ran > 0) console.log(`probes: ran ${result.ran} probe set(s), ${result.failed} failed`);
      })
      .catch(logError)
      .finally(() => {
        running = false;
      });
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
