import type { DataLayer } from "@/lib/db/database";
import { flagName } from "@/lib/metrics/flags";
import type { AlertStatus, ListAlertsQuery } from "./alertSchemas";

export interface AlertDto {
  id: number;
  detector: string;
  /** The detector's display name. */
  name: string;
  responseId: number | null;
  model: string;
  severity: string;
  status: AlertStatus;
  value: number;
  threshold: number;
  evidence: { positions: number[]; thresholds: Record<string, number>; [detail: string]: unknown };
  occurredAt: string;
  createdAt: string;
  updatedAt: string;
  statusChangedBy: string | null;
}

const COLUMNS = [
  "id", "detector", "response_id", "model", "severity", "status", "value", "threshold", "evidence", "occurred_at",
  "created_at", "updated_at", "status_changed_by",
] as const;

type AlertRow = {
  id: number; detector: string; response_id: number | null; model: string; severity: string; status: string; value: number;
  threshold: number; evidence: string; occurred_at: number; created_at: number; updated_at: number; status_changed_by: string | null;
};

export function alertDto(row: AlertRow): AlertDto {
  return {
    id: Number(row.id),
    detector: row.detector,
    name: flagName(row.detector),
    responseId: row.response_id === null ? null : Number(row.response_id),
    model: row.model,
    severity: row.severity,
    status: row.status as AlertStatus,
    value: row.value,
    threshold: row.threshold,
    evidence: JSON.parse(row.evidence) as AlertDto["evidence"],
    occurredAt: new Date(Number(row.occurred_at)).toISOString(),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
    statusChangedBy: row.status_changed_by,
  };
}

/**
 * A project's alerts, newest first (by the response's time, then id), filtered by status,
 * detector, model, time range and response; keyset paging on (occurredAt, id).
 */
export async function listAlerts(db: DataLayer, projectId: string, query: ListAlertsQuery): Promise<{ data: AlertDto[]; nextCursor: string | null }> {
  const rows = await db
    .selectFrom("alerts")
    .select(COLUMNS)
    .where("project_id", "=", projectId)
    .$if(query.status !== undefined, (q) => q.where("status", "=", query.status as string))
    .$if(query.detector !== undefined, (q) => q.where("detector", "=", query.detector as string))
    .$if(query.model !== undefined, (q) => q.where("model", "=", query.model as string))
    .$if(query.responseId !== undefined, (q) => q.where("response_id", "=", query.responseId as number))
    .$if(query.from !== undefined, (q) => q.where("occurred_at", ">=", query.from as number))
    .$if(query.to !== undefined, (q) => q.where("occurred_at", "<", query.to as number))
    .$if(query.cursor !== undefined, (q) => {
      const { at, id } = query.cursor as { at: number; id: number };
      return q.where((eb) => eb.or([eb("occurred_at", "<", at), eb.and([eb("occurred_at", "=", at), eb("id", "<", id)])]));
    })
    .orderBy("occurred_at", "desc")
    .orderBy("id", "desc")
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit).map((row) => alertDto(row as AlertRow));
  const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
  return { data: page, nextCursor: last ? `${Number(last.occurred_at)}_${Number(last.id)}` : null };
}

/** One alert of the project, or null. */
export async function getAlert(db: DataLayer, projectId: string, id: number): Promise<AlertDto | null> {
  const row = await db.selectFrom("alerts").select(COLUMNS).where("project_id", "=", projectId).where("id", "=", id).executeTakeFirst();
  return row ? alertDto(row as AlertRow) : null;
}
