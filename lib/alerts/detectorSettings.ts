import type { DataLayer } from "@/lib/db/database";
import { mergeDetectorSettings, type DetectorSettings } from "@/lib/metrics/detectors/settings";

/**
 * A project's detector settings: its stored project-wide rows (tag "") over the defaults. One
 * primary-key range read per ingest request; per-tag rows are left for a later change.
 */
export async function projectDetectorSettings(db: DataLayer, projectId: string): Promise<DetectorSettings> {
  const rows = await db
    .selectFrom("detector_settings")
    .select(["detector", "enabled", "thresholds"])
    .where("project_id", "=", projectId)
    .where("tag", "=", "")
    .execute();
  return mergeDetectorSettings(rows.map((row) => ({ detector: row.detector, enabled: Boolean(row.enabled), thresholds: row.thresholds })));
}
