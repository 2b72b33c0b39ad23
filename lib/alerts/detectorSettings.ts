import type { DataLayer } from "@/lib/db/database";
import { mergeDetectorSettings, type DetectorSettings } from "@/lib/metrics/detectors/settings";

/**
 * A project's detector settings: its stored project-wide rows (tag "") over the defaults.
 */
export async function projectDetectorSettings(db: DataLayer, projectId: string): Promise<DetectorSettings> {
  return (await ingestDetectorSettings(db, projectId)).detectorSettings;
}

/** Per-tag settings by tag: each tag's rows over the project's (only tags with rows). Plain data, for a worker. */
export type TagDetectorSettings = Record<string, DetectorSettings>;

type SettingsRow = { detector: string; tag: string; enabled: boolean; thresholds: string | null };

/** The tag's rows over the project's: a tag row's thresholds override key by key. */
function mergeTagRows(projectRows: readonly SettingsRow[], tagRows: readonly SettingsRow[]): DetectorSettings {
  const byDetector = new Map(projectRows.map((row) => [row.detector, row]));
  for (const row of tagRows) {
    const base = byDetector.get(row.detector);
    const parse = (text: string | null | undefined): object => {
      try {
        return text ? (JSON.parse(text) as object) : {};
      } catch {
        return {};
      }
    };
    byDetector.set(row.detector, { ...row, thresholds: JSON.stringify({ ...parse(base?.thresholds), ...parse(row.thresholds) }) });
  }
  return mergeDetectorSettings([...byDetector.values()]);
}

/**
 * What ingestion needs: the project's settings and, for each tag with stored rows, that tag's
 * (README, "Thresholds"). One primary-key range read per ingest request.
 */
export async function ingestDetectorSettings(db: DataLayer, projectId: string): Promise<{ detectorSettings: DetectorSettings; tagDetectorSettings: TagDetectorSettings }> {
  const stored = await db.selectFrom("detector_settings").select(["detector", "tag", "enabled", "thresholds"]).where("project_id", "=", projectId).execute();
  const rows: SettingsRow[] = stored.map((row) => ({ detector: row.detector, tag: row.tag, enabled: Boolean(row.enabled), thresholds: row.thresholds }));
  const projectRows = rows.filter((row) => row.tag === "");
  const tagDetectorSettings: TagDetectorSettings = {};
  for (const tag of new Set(rows.filter((row) => row.tag !== "").map((row) => row.tag))) {
    tagDetectorSettings[tag] = mergeTagRows(projectRows, rows.filter((row) => row.tag === tag));
  }
  return { detectorSettings: mergeDetectorSettings(projectRows), tagDetectorSettings };
}

/** The settings for a response with these tags: the first tag (in the record's order) that has its own, else the project's. */
export function settingsForTags(settings: { detectorSettings?: DetectorSettings; tagDetectorSettings?: TagDetectorSettings }, tags: readonly string[]): DetectorSettings | undefined {
  for (const tag of tags) {
    const own = settings.tagDetectorSettings?.[tag];
    if (own) return own;
  }
  return settings.detectorSettings;
}
