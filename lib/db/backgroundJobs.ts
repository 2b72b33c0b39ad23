import { startRateBucketPruning } from "@/lib/api/rateLimit";
import { startThresholdJobRunner } from "@/lib/alerts/thresholdJobs";
import { startTrendShiftJob } from "@/lib/alerts/trendShift";
import { startClassificationScoring } from "@/lib/classification/scoring";
import { startShiftAlertJob } from "@/lib/classification/shiftAlerts";
import { startProbeJob } from "@/lib/probes/probeSchedule";
import { startWebhookJob } from "@/lib/webhooks/deliveryQueue";
import { env } from "@/lib/config/env";
import { backend, db } from "./database";
import { startPartitionMaintenance } from "./partitions";
import { startRetentionJob } from "./retention";

/**
 * The database's background work, started once per server process (instrumentation.ts):
 * monthly partitions created ahead on PostgreSQL (daily) and retention of token blobs
 * (hourly, when LOUPE_RETENTION_DAYS is set), idle ingest rate buckets pruned (every ten
 * minutes), the hourly per-model trend detector (lib/alerts/trendShift.ts), classification
 * tasks still scoring picked up (every 5 s) and their distributionShift alerts (hourly), due
 * drift probe sets (lib/probes/probeSchedule.ts, checked every minute; each set is claimed before
 * it runs), the webhook queue (lib/webhooks/deliveryQueue.ts, every 5 s) and threshold re-apply
 * jobs (lib/alerts/thresholdJobs.ts, a batch a second). Each instance runs them; all are
 * idempotent.
 */
const globalForJobs = globalThis as unknown as { loupeBackgroundJobs?: () => void };

export function startBackgroundJobs(): () => void {
  if (globalForJobs.loupeBackgroundJobs) return globalForJobs.loupeBackgroundJobs;
  const dataLayer = db();
  const which = backend();
  const stops = [
    startPartitionMaintenance(dataLayer, which),
    startRetentionJob(dataLayer, which, env().LOUPE_RETENTION_DAYS),
    startRateBucketPruning(dataLayer),
    startTrendShiftJob(dataLayer),
    startClassificationScoring(dataLayer),
    startShiftAlertJob(dataLayer),
    startProbeJob(dataLayer),
    startWebhookJob(dataLayer),
    startThresholdJobRunner(dataLayer),
  ];
  const stop = () => {
    for (const stopJob of stops) stopJob();
    globalForJobs.loupeBackgroundJobs = undefined;
  };
  globalForJobs.loupeBackgroundJobs = stop;
  return stop;
}
