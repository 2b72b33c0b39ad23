import { sql } from "kysely";
import { z } from "zod";
import { audit, type Actor } from "@/lib/audit/auditLog";
import type { DataLayer } from "@/lib/db/database";
import { DAY_MS } from "@/lib/db/partitions";
import { FLAG_RULES } from "@/lib/metrics/flags";
import { ALL_DETECTORS, detectorThresholdSchemas, type DetectorName, type DetectorSettings } from "@/lib/metrics/detectors/settings";
import { ingestDetectorSettings } from "./detectorSettings";

/** The audit action of a threshold change: its history is the audit log. */
export const THRESHOLD_AUDIT_ACTION = "detector_settings.update";

const tagSchema = z.string().max(128).default("");

/** GET /api/v1/detectors/settings?tag= */
export const settingsQuerySchema = z.object({ tag: tagSchema });

/** PUT /api/v1/detectors/settings body: the detectors to change, each its switch and/or thresholds (missing keys keep their values). */
export const settingsBodySchema = z
  .object({
    tag: tagSchema,
    detectors: z.record(z.string(), z.object({ enabled: z.boolean().optional(), thresholds: z.record(z.string(), z.number().finite()).optional() }).strict()),
  })
  .strict()
  .superRefine((body, context) => {
    for (const [name, change] of Object.entries(body.detectors)) {
      if (!(ALL_DETECTORS as readonly string[]).includes(name)) {
        context.addIssue({ code: "custom", path: ["detectors", name], message: `unknown detector ${name}` });
        continue;
      }
      const schema = detectorThresholdSchemas[name as DetectorName] as z.ZodObject;
      const parsed = schema.strict().partial().safeParse(change.thresholds ?? {});
      if (!parsed.success) for (const issue of parsed.error.issues) context.addIssue({ ...issue, path: ["detectors", name, "thresholds", ...issue.path] } as never);
    }
  });
export type SettingsBody = z.infer<typeof settingsBodySchema>;

/**
 * The settings in force for a project, or for responses with `tag` (the tag's rows over the
 * project's over the defaults).
 */
export async function detectorSettingsFor(db: DataLayer, projectId: string, tag = ""): Promise<DetectorSettings> {
  const { detectorSettings, tagDetectorSettings } = await ingestDetectorSettings(db, projectId);
  return (tag ? tagDetectorSettings[tag] : undefined) ?? detectorSettings;
}

/**
 * Applies a settings change for the project (or one tag) and records it, versioned, in the
 * audit log: who, when, and each changed detector's settings before and after. Returns the
 * settings now in force and whether anything changed.
 */
export async function updateDetectorSettings(db: DataLayer, projectId: string, body: SettingsBody, actor: Actor, now = Date.now()): Promise<{ settings: DetectorSettings; changed: string[] }> {
  const before = await detectorSettingsFor(db, projectId, body.tag);
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  await db.transaction().execute(async (trx) => {
    for (const [name, change] of Object.entries(body.detectors)) {
      const detector = name as DetectorName;
      const current = before[detector];
      const thresholds = { ...current.thresholds, ...(change.thresholds ?? {}) };
      const enabled = change.enabled ?? current.enabled;
      if (enabled === current.enabled && JSON.stringify(thresholds) === JSON.stringify(current.thresholds)) continue;
      changes[detector] = { before: current, after: { enabled, thresholds } };
      await trx
        .insertInto("detector_settings")
        .values({ project_id: projectId, detector, tag: body.tag, enabled, thresholds: JSON.stringify(thresholds), updated_at: now, updated_by: actor.email })
        .onConflict((oc) => oc.columns(["project_id", "detector", "tag"]).doUpdateSet({ enabled, thresholds: JSON.stringify(thresholds), updated_at: now, updated_by: actor.email }))
        .execute();
    }
  });
  if (Object.keys(changes).length > 0) await audit(db, actor, THRESHOLD_AUDIT_ACTION, projectId, { tag: body.tag, changes });
  return { settings: await detectorSettingsFor(db, projectId, body.tag), changed: Object.keys(changes) };
}

export interface ThresholdVersion {
  id: number;
  at: string;
  by: string | null;
  tag: string;
  changes: Record<string, { before: unknown; after: unknown }>;
}

/** The project's threshold changes, newest first (from the audit log). */
export async function thresholdHistory(db: DataLayer, projectId: string, limit = 50): Promise<ThresholdVersion[]> {
  const rows = await db
    .selectFrom("audit_log")
    .select(["id", "at", "user_email", "details"])
    .where("project_id", "=", projectId)
    .where("action", "=", THRESHOLD_AUDIT_ACTION)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => {
    const details = JSON.parse(row.details ?? "{}") as { tag?: string; changes?: ThresholdVersion["changes"] };
    return { id: Number(row.id), at: new Date(Number(row.at)).toISOString(), by: row.user_email, tag: details.tag ?? "", changes: details.changes ?? {} };
  });
}

/** GET /api/v1/detectors/suggest query. */
export const suggestQuerySchema = z.object({
  flagRate: z.coerce.number().gt(0, "flagRate: above 0").max(0.5, "flagRate: at most 0.5").default(0.02),
  days: z.coerce.number().int().min(1).max(90).default(7),
  tag: tagSchema,
});

/** The response columns of the five threshold rules (an allow-list: the column is the only interpolated name). */
const RULE_COLUMNS = {
  avgLogprob: "avg_logprob", perplexity: "perplexity", maxEntropyBits: "max_entropy_bits", lowConfidenceRatio: "low_confidence_ratio", suddenDrops: "sudden_drops",
} as const;

export interface ThresholdSuggestion {
  detector: string;
  metric: string;
  op: "<" | ">";
  /** Responses in the window with a value for the metric. */
  responses: number;
  current: number;
  currentFlagged: number;
  suggested: number | null;
  suggestedFlagged: number;
}

/**
 * For each threshold rule, the value that would have flagged about `flagRate` of the project's
 * responses of the last `days` days (the k-th most extreme value, k = ⌊rate × n⌋: strictly
 * beyond it lie at most k responses), and how many responses the current and the suggested
 * threshold would have flagged in that window. One ordered, offset read and two counts per rule.
 */
export async function suggestThresholds(db: DataLayer, projectId: string, options: { flagRate: number; days: number; tag: string; now?: number }): Promise<ThresholdSuggestion[]> {
  const now = options.now ?? Date.now();
  const from = now - options.days * DAY_MS;
  const settings = await detectorSettingsFor(db, projectId, options.tag);
  const inWindow = sql`r.project_id = ${projectId} AND r.occurred_at >= ${from} AND r.occurred_at < ${now}${
    options.tag ? sql` AND EXISTS (SELECT 1 FROM response_tags t WHERE t.response_id = r.id AND t.tag = ${options.tag})` : sql``
  }`;
  const out: ThresholdSuggestion[] = [];
  for (const rule of FLAG_RULES) {
    const column = sql.ref(`r.${RULE_COLUMNS[rule.metric as keyof typeof RULE_COLUMNS]}`);
    const beyond = (value: number) => (rule.op === "<" ? sql`${column} < ${value}` : sql`${column} > ${value}`);
    const count = async (condition: ReturnType<typeof sql>) =>
      Number((await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM responses r WHERE ${inWindow} AND ${column} IS NOT NULL AND ${condition}`.execute(db)).rows[0]?.n ?? 0);
    const responses = await count(sql`1 = 1`);
    const k = Math.floor(options.flagRate * responses);
    const order = rule.op === "<" ? sql`ASC` : sql`DESC`;
    const atK = responses > 0
      ? (await sql<{ v: number | string }>`SELECT ${column} AS v FROM responses r WHERE ${inWindow} AND ${column} IS NOT NULL ORDER BY ${column} ${order} LIMIT 1 OFFSET ${k}`.execute(db)).rows[0]
      : undefined;
    const suggested = atK === undefined ? null : Number(atK.v);
    const current = (settings[rule.rule].thresholds as { threshold: number }).threshold;
    out.push({
      detector: rule.rule, metric: rule.metric, op: rule.op, responses, current, currentFlagged: await count(beyond(current)),
      suggested, suggestedFlagged: suggested === null ? 0 : await count(beyond(suggested)),
    });
  }
  return out;
}
