import type { DataLayer } from "@/lib/db/database";
import { ksTest, psi } from "@/lib/metrics/classification/shift";

/**
 * Distribution shift of a task's scores: the current window against a reference window, for
 * confidence, log margin and label entropy (PSI and two-sample KS, lib/metrics/classification/shift.ts);
 * overall, per source tag (every other tag the task's responses carry, the 20 most frequent in
 * the current window), and over time (the current window cut into SHIFT_TIME_BUCKETS equal
 * buckets, each against the whole reference). Windows are [from, to).
 */
export const SHIFT_SIGNALS = ["confidence", "logMargin", "labelEntropy"] as const;
export type ShiftSignal = (typeof SHIFT_SIGNALS)[number];
export const SHIFT_TIME_BUCKETS = 12;
export const SHIFT_TAGS = 20;
/** PSI above this is a material shift (the usual rule of thumb: < 0.1 none, 0.1–0.2 moderate, > 0.2 major). */
export const DEFAULT_PSI_THRESHOLD = 0.2;

export interface SignalShift {
  psi: number | null;
  ks: number | null;
  pValue: number | null;
  alert: boolean;
}

export type SignalShifts = Record<ShiftSignal, SignalShift>;

export interface ShiftReport {
  reference: { from: number; to: number; n: number };
  current: { from: number; to: number; n: number };
  psiThreshold: number;
  tag: string | null;
  overall: SignalShifts;
  byTag: Array<{ tag: string; referenceN: number; currentN: number; signals: SignalShifts }>;
  overTime: Array<{ from: number; to: number; n: number; signals: SignalShifts }>;
}

interface ScorePoint {
  responseId: number;
  occurredAt: number;
  values: Record<ShiftSignal, number>;
}

type Window = { from: number; to: number };

function shifts(reference: readonly ScorePoint[], current: readonly ScorePoint[], threshold: number): SignalShifts {
  const result = {} as SignalShifts;
  for (const signal of SHIFT_SIGNALS) {
    const r = reference.map((p) => p.values[signal]);
    const c = current.map((p) => p.values[signal]);
    const index = psi(r, c);
    const ks = ksTest(r, c);
    result[signal] = { psi: index, ks: ks?.statistic ?? null, pValue: ks?.pValue ?? null, alert: index !== null && index > threshold };
  }
  return result;
}

async function scorePoints(db: DataLayer, taskId: string, window: Window, tag: string | null): Promise<ScorePoint[]> {
  let query = db.selectFrom("classification_scores as s")
    .select(["s.response_id", "s.occurred_at", "s.confidence", "s.log_margin", "s.entropy_bits"])
    .where("s.task_id", "=", taskId).where("s.predicted", "is not", null)
    .where("s.occurred_at", ">=", window.from).where("s.occurred_at", "<", window.to);
  if (tag !== null) {
    query = query.where(({ exists, selectFrom }) => exists(selectFrom("response_tags as t").select("t.response_id")
      .whereRef("t.response_id", "=", "s.response_id").whereRef("t.occurred_at", "=", "s.occurred_at").where("t.tag", "=", tag)));
  }
  const rows = await query.execute();
  return rows.map((row) => ({
    responseId: row.response_id, occurredAt: Number(row.occurred_at),
    values: { confidence: row.confidence as number, logMargin: row.log_margin as number, labelEntropy: row.entropy_bits as number },
  }));
}

/** The source tags of the given responses (other than the task's own tag). */
async function tagsOf(db: DataLayer, projectId: string, taskTag: string, window: Window): Promise<Map<number, string[]>> {
  const rows = await db.selectFrom("response_tags").select(["response_id", "tag"])
    .where("project_id", "=", projectId).where("tag", "!=", taskTag)
    .where("occurred_at", ">=", window.from).where("occurred_at", "<", window.to).execute();
  const byResponse = new Map<number, string[]>();
  for (const row of rows) byResponse.set(row.response_id, [...(byResponse.get(row.response_id) ?? []), row.tag]);
  return byResponse;
}

export async function shiftReport(
  db: DataLayer,
  task: { id: string; projectId: string; tag: string },
  windows: { reference: Window; current: Window; tag: string | null; psiThreshold: number },
): Promise<ShiftReport> {
  const { reference, current, tag, psiThreshold } = windows;
  const [referencePoints, currentPoints] = await Promise.all([scorePoints(db, task.id, reference, tag), scorePoints(db, task.id, current, tag)]);

  const [referenceTags, currentTags] = await Promise.all([tagsOf(db, task.projectId, task.tag, reference), tagsOf(db, task.projectId, task.tag, current)]);
  const counts = new Map<string, number>();
  for (const point of currentPoints) for (const t of currentTags.get(point.responseId) ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
  const topTags = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, SHIFT_TAGS).map(([t]) => t);
  const byTag = topTags.map((t) => {
    const r = referencePoints.filter((p) => referenceTags.get(p.responseId)?.includes(t));
    const c = currentPoints.filter((p) => currentTags.get(p.responseId)?.includes(t));
    return { tag: t, referenceN: r.length, currentN: c.length, signals: shifts(r, c, psiThreshold) };
  });

  const width = (current.to - current.from) / SHIFT_TIME_BUCKETS;
  const overTime = Array.from({ length: SHIFT_TIME_BUCKETS }, (_, i) => {
    const from = current.from + Math.round(i * width);
    const to = i === SHIFT_TIME_BUCKETS - 1 ? current.to : current.from + Math.round((i + 1) * width);
    const inBucket = currentPoints.filter((p) => p.occurredAt >= from && p.occurredAt < to);
    return { from, to, n: inBucket.length, signals: shifts(referencePoints, inBucket, psiThreshold) };
  });

  return {
    reference: { ...reference, n: referencePoints.length },
    current: { ...current, n: currentPoints.length },
    psiThreshold,
    tag,
    overall: shifts(referencePoints, currentPoints, psiThreshold),
    byTag,
    overTime,
  };
}
