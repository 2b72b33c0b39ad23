import type { DataLayer } from "@/lib/db/database";
import { SHIFT_SIGNALS, shiftReport, DEFAULT_PSI_THRESHOLD, type ShiftReport, type ShiftSignal } from "./shiftReport";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * `distributionShift` alerts of a classification task: the last 24 complete hours against the
 * 7 days before them; one alert per signal whose overall PSI passes the threshold (0.2 by
 * default). Raised hourly by `raiseDistributionShiftAlerts` (background jobs) into the stored
 * alerts with ON CONFLICT DO NOTHING on (project, detector, dedupeKey); the dedupe key holds task,
 * signal and hour, so every instance may run it. A task spans models: the alert's `model` is
 * `task:<task name>`.
 */
export interface ShiftAlert {
  projectId: string;
  detector: "distributionShift";
  /** `shift:<taskId>:<signal>:<window end ms>` */
  dedupeKey: string;
  severity: "warning";
  /** The signal's PSI. */
  value: number;
  threshold: number;
  /** The end of the current window (a whole hour). */
  occurredAt: number;
  evidence: {
    taskId: string;
    taskName: string;
    signal: ShiftSignal;
    psi: number;
    ks: number | null;
    pValue: number | null;
    reference: ShiftReport["reference"];
    current: ShiftReport["current"];
  };
}

/** The alerting windows at `now`: current = the last 24 whole hours, reference = the 7 days before. */
export function alertWindows(now: number): { reference: { from: number; to: number }; current: { from: number; to: number } } {
  const end = Math.floor(now / HOUR_MS) * HOUR_MS;
  return { current: { from: end - DAY_MS, to: end }, reference: { from: end - 8 * DAY_MS, to: end - DAY_MS } };
}

/**
 * Scored responses each window needs before an alert is raised: PSI over deciles of a handful of
 * responses is noise (10 reference scores against 1 current one gave PSI 8.3 from one
 * distribution), and a quiet task would raise one every hour.
 */
export const MIN_SHIFT_ALERT_N = 100;

/** The alerts a shift report calls for: one per signal whose overall PSI is above the report's threshold, when both windows hold MIN_SHIFT_ALERT_N scores. */
export function distributionShiftAlerts(task: { id: string; projectId: string; name: string }, report: ShiftReport): ShiftAlert[] {
  if (report.reference.n < MIN_SHIFT_ALERT_N || report.current.n < MIN_SHIFT_ALERT_N) return [];
  return SHIFT_SIGNALS.flatMap((signal) => {
    const shift = report.overall[signal];
    if (shift.psi === null || !(shift.psi > report.psiThreshold)) return [];
    return [{
      projectId: task.projectId, detector: "distributionShift" as const, dedupeKey: `shift:${task.id}:${signal}:${report.current.to}`,
      severity: "warning" as const, value: shift.psi, threshold: report.psiThreshold, occurredAt: report.current.to,
      evidence: { taskId: task.id, taskName: task.name, signal, psi: shift.psi, ks: shift.ks, pValue: shift.pValue, reference: report.reference, current: report.current },
    }];
  });
}

export async function taskShiftAlerts(
  db: DataLayer,
  task: { id: string; projectId: string; name: string; tag: string },
  now = Date.now(),
  psiThreshold = DEFAULT_PSI_THRESHOLD,
): Promise<ShiftAlert[]> {
  const windows = alertWindows(now);
  return distributionShiftAlerts(task, await shiftReport(db, task, { ...windows, tag: null, psiThreshold }));
}

/** Stores the distributionShift alerts every task calls for at `now` (idempotent); returns how many were new. */
export async function raiseDistributionShiftAlerts(db: DataLayer, now = Date.now()): Promise<number> {
  const tasks = await db.selectFrom("classification_tasks").select(["id", "project_id as projectId", "name", "tag"]).execute();
  let raised = 0;
  for (const task of tasks) {
    for (const alert of await taskShiftAlerts(db, task, now)) {
      const result = await db
        .insertInto("alerts")
        .values({
          project_id: alert.projectId, detector: alert.detector, dedupe_key: alert.dedupeKey, response_id: null, model: `task:${task.name}`,
          severity: alert.severity, value: alert.value, threshold: alert.threshold, evidence: JSON.stringify({ positions: [], ...alert.evidence }),
          occurred_at: alert.occurredAt, created_at: now, updated_at: now,
        })
        .onConflict((oc) => oc.columns(["project_id", "detector", "dedupe_key"]).doNothing())
        .executeTakeFirst();
      raised += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
  }
  return raised;
}

/** Runs raiseDistributionShiftAlerts now and once per new hour (checked every 10 minutes). */
export function startShiftAlertJob(db: DataLayer, intervalMs = 10 * 60_000): () => void {
  let judgedHour = -1;
  const run = () => {
    const hour = Math.floor(Date.now() / HOUR_MS);
    if (hour === judgedHour) return;
    judgedHour = hour;
    raiseDistributionShiftAlerts(db)
      .then((raised) => {
        if (raised > 0) console.log(`distributionShift: ${raised} alert(s)`);
      })
      .catch((error: unknown) => console.error(`distributionShift: ${error instanceof Error ? error.message : String(error)}`));
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
