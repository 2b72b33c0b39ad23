import type { DataLayer } from "@/lib/db/database";
import type { AlertStatus } from "./alertSchemas";

/**
 * Sets the status of the project's alerts among `ids` (any status may follow any other: a
 * resolved alert can be reopened). Alerts already in that status are left as they are (their
 * updatedAt and who stay). Returns the ids of the project's alerts found, changed or not; ids of
 * other projects count as not found.
 */
export async function updateAlertStatus(
  db: DataLayer,
  projectId: string,
  ids: readonly number[],
  status: AlertStatus,
  actor: string,
  now = Date.now(),
): Promise<{ found: number[]; updated: number[] }> {
  const unique = [...new Set(ids)];
  return db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom("alerts").select(["id", "status"]).where("project_id", "=", projectId).where("id", "in", unique).execute();
    const toChange = found.filter((row) => row.status !== status).map((row) => Number(row.id));
    if (toChange.length > 0) {
      await trx
        .updateTable("alerts")
        .set({ status, updated_at: now, status_changed_by: actor })
        .where("project_id", "=", projectId)
        .where("id", "in", toChange)
        .where("status", "!=", status)
        .execute();
    }
    return { found: found.map((row) => Number(row.id)).sort((a, b) => a - b), updated: toChange.sort((a, b) => a - b) };
  });
}
