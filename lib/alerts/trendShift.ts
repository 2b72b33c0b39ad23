import { sql } from "kysely";
import type { DataLayer } from "@/lib/db/database";
import { HOUR_MS, hourBucket } from "@/lib/db/dialect";
import type { DetectorThresholds } from "@/lib/metrics/detectors/settings";
import { projectDetectorSettings } from "./detectorSettings";

const DAY_MS = 24 * HOUR_MS;

export type TrendMetric = "avgLogprob" | "meanMargin";

export interface TrendCheck {
  metric: TrendMetric;
  hourMean: number;
  baselineMean: number;
  baselineStd: number;
  baselineHours: number;
  /** (hourMean - baselineMean) / baselineStd. */
  z: number;
  /** baselineMean - sigmas * baselineStd: the hour fires below this. */
  limit: number;
}

/**
 * The trend rule on one metric: the hour's mean more than `sigmas` population standard
 * deviations below the mean of the baseline's hourly means. Null (no verdict) with fewer than
 * `minBaselineHours` baseline hours or a flat baseline (std 0).
 */
export function trendCheck(metric: TrendMetric, hourMean: number, baselineHourMeans: readonly number[], thresholds: DetectorThresholds["trendShift"]): TrendCheck | null {
  const n = baselineHourMeans.length;
  if (n < thresholds.minBaselineHours) return null;
  const mean = baselineHourMeans.reduce((sum, value) => sum + value, 0) / n;
  const variance = baselineHourMeans.reduce((sum, value) => sum + (value - mean) ** 2, 0) / n;
  const std = Math.sqrt(variance);
  if (!(std > 0)) return null;
  return { metric, hourMean, baselineMean: mean, baselineStd: std, baselineHours: n, z: (hourMean - mean) / std, limit: mean - thresholds.sigmas * std };
}

interface HourSeries {
  projectId: string;
  model: string;
  /** bucket start -> hourly mean */
  avgLogprob: Map<number, number>;
  meanMargin: Map<number, number>;
}

/**
 * Hourly per-model means over [from, to) of the models with data in the judged hours
 * [judgedFrom, to): mean avgLogprob from the hourly rollups, mean margin from the responses
 * grouped by hour in SQL, one query per such model through the (project, model, occurredAt)
 * index (there is no margin rollup).
 */
async function hourlySeries(db: DataLayer, from: number, judgedFrom: number, to: number): Promise<Map<string, HourSeries>> {
  const series = new Map<string, HourSeries>();
  const rollups = await db
    .selectFrom("response_hourly_rollups")
    .select(["project_id", "model", "bucket_start", "sum_avg_logprob", "avg_logprob_count"])
    .where("tag", "=", "")
    .where("bucket_start", ">=", from)
    .where("bucket_start", "<", to)
    .where("avg_logprob_count", ">", 0)
    .execute();
  const key = (projectId: string, model: string) => `${projectId}\u0000${model}`;
  for (const row of rollups) {
    if (Number(row.bucket_start) >= judgedFrom && !series.has(key(row.project_id, row.model))) {
      series.set(key(row.project_id, row.model), { projectId: row.project_id, model: row.model, avgLogprob: new Map(), meanMargin: new Map() });
    }
  }
  for (const row of rollups) series.get(key(row.project_id, row.model))?.avgLogprob.set(Number(row.bucket_start), row.sum_avg_logprob / row.avg_logprob_count);
  for (const entry of series.values()) {
    // `< 1e308` skips +∞, which rows stored before meanMargin left infinite margins out may hold.
    const { rows: margins } = await sql<{ bucket: number | string; mean: number | string }>`
      SELECT ${hourBucket("occurred_at")} AS bucket, AVG(mean_margin) AS mean
      FROM responses
      WHERE project_id = ${entry.projectId} AND model = ${entry.model} AND occurred_at >= ${from} AND occurred_at < ${to}
        AND mean_margin IS NOT NULL AND mean_margin < 1e308
      GROUP BY ${hourBucket("occurred_at")}`.execute(db);
    for (const row of margins) entry.meanMargin.set(Number(row.bucket), Number(row.mean));
  }
  return series;
}

export interface TrendShiftRun {
  /** Alerts stored now (an hour already judged adds nothing). */
  raised: number;
}

/**
 * The hourly trend detector: for each of the last `hours` complete hours and each model with
 * data in it, raises a `trendShift` alert (one per project, model and hour: dedupe key
 * `trend:<model>:<hour start>`) when the hour's mean avgLogprob or mean margin is more than
 * 3 standard deviations (project setting) below its trailing 7-day hourly baseline.
 * Idempotent: every instance may run it; the unique key keeps one alert.
 */
export async function runTrendShift(db: DataLayer, now = Date.now(), hours = 3): Promise<TrendShiftRun> {
  const lastHour = Math.floor(now / HOUR_MS) * HOUR_MS - HOUR_MS;
  const firstHour = lastHour - (hours - 1) * HOUR_MS;
  const stored = await db.selectFrom("detector_settings").select("thresholds").where("detector", "=", "trendShift").where("tag", "=", "").execute();
  const maxBaselineDays = Math.max(7, ...stored.map((row) => Number((JSON.parse(row.thresholds ?? "{}") as { baselineDays?: unknown }).baselineDays) || 0));
  const series = await hourlySeries(db, firstHour - maxBaselineDays * DAY_MS, firstHour, lastHour + HOUR_MS);
  const settingsByProject = new Map<string, Awaited<ReturnType<typeof projectDetectorSettings>>>();
  let raised = 0;
  for (const s of series.values()) {
    let settings = settingsByProject.get(s.projectId);
    if (!settings) settingsByProject.set(s.projectId, (settings = await projectDetectorSettings(db, s.projectId)));
    if (!settings.trendShift.enabled) continue;
    const thresholds = settings.trendShift.thresholds;
    for (let hour = firstHour; hour <= lastHour; hour += HOUR_MS) {
      const checks: TrendCheck[] = [];
      for (const metric of ["avgLogprob", "meanMargin"] as const) {
        const values = s[metric];
        const hourMean = values.get(hour);
        if (hourMean === undefined) continue;
        const baseline: number[] = [];
        for (const [bucket, value] of values) if (bucket < hour && bucket >= hour - thresholds.baselineDays * DAY_MS) baseline.push(value);
        const check = trendCheck(metric, hourMean, baseline, thresholds);
        if (check && check.hourMean < check.limit) checks.push(check);
      }
      const worst = checks.sort((a, b) => a.z - b.z)[0];
      if (!worst) continue;
      const result = await db
        .insertInto("alerts")
        .values({
          project_id: s.projectId, detector: "trendShift", dedupe_key: `trend:${s.model}:${hour}`, response_id: null, model: s.model,
          severity: "warning", value: worst.hourMean, threshold: worst.limit,
          evidence: JSON.stringify({ positions: [], thresholds: { ...thresholds }, hourStart: hour, checks }),
          occurred_at: hour, created_at: now, updated_at: now,
        })
        .onConflict((oc) => oc.columns(["project_id", "detector", "dedupe_key"]).doNothing())
        .executeTakeFirst();
      raised += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
  }
  return { raised };
}

export const TREND_INTERVAL_MS = 10 * 60_000;

/** Runs runTrendShift now and then once per new complete hour (checked every 10 minutes). */
export function startTrendShiftJob(db: DataLayer, intervalMs = TREND_INTERVAL_MS): () => void {
  let judgedHour = -1;
  const run = () => {
    const hour = Math.floor(Date.now() / HOUR_MS);
    if (hour === judgedHour) return Promise.resolve();
    judgedHour = hour;
    return runTrendShift(db)
      .then((result) => {
        if (result.raised > 0) console.log(`trendShift: ${result.raised} alert(s)`);
      })
      .catch((error: unknown) => console.error(`trendShift: ${error instanceof Error ? error.message : String(error)}`));
  };
  void run();
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
