import type { DataLayer } from "@/lib/db/database";
import { SHIFT_SIGNALS, shiftReport, DEFAULT_PSI_THRESHOLD, type ShiftReport, type ShiftSignal } from "./shiftReport";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * `distributionShift` alerts of a classification task: the last 24 complete hours against the
 * 7 days before them; one alert per signal whose overall PSI passes the threshold (0.2 by
 * default). NOT YET RAISED anywhere: stored alerts (the detection issue, branch wt-e) were not on
 * this branch. To wire: run `taskShiftAlerts` hourly per task from the background jobs and insert
 * each result into `alerts` with ON CONFLICT DO NOTHING on (project, detector, dedupeKey); the
 * dedupe key holds task, signal and hour, so every instance may run it.
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

/** The alerts a shift report calls for: one per signal whose overall PSI is above the report's threshold. */
export function distributionShiftAlerts(task: { id: string; projectId: string; name: string }, report: ShiftReport): ShiftAlert[] {
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
