import type { DataLayer } from "@/lib/db/database";
import { labelKey } from "@/lib/metrics/classification/labelScores";

/**
 * Ground truth uploads: CSV (`external_id,label`, an optional header line of exactly those names,
 * RFC 4180 quoting) or JSONL (`{"externalId": "…", "label": "…"}` per line). Every line is
 * checked on its own: a malformed line, an external id no response of the task's tag carries,
 * or a label outside the task's set (compared trimmed and ignoring case) is reported with its
 * 1-based line number, and every good line is stored (the label as the task spells it; a later
 * line for the same id wins, as does a new upload).
 */
/** Uploads are capped at 10 MB: 200,000 lines of ids and labels fit. */
export const GROUND_TRUTH_MAX_BYTES = 10 * 1024 * 1024;

export interface TruthLine {
  line: number;
  externalId: string;
  label: string;
}

export interface LineError {
  line: number;
  code: "invalid_line" | "unknown_id" | "unknown_label";
  message: string;
}

export interface TruthUploadResult {
  applied: number;
  errors: LineError[];
}

export type TruthFormat = "csv" | "jsonl";

/** Splits one CSV line into fields (double quotes quote, "" is a quote); null when a quote is left open. */
export function csvFields(line: string): string[] | null {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === "") quoted = true;
    else if (char === ",") {
      fields.push(field);
      field = "";
    } else field += char;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}

export function parseTruthLines(text: string, format: TruthFormat): { lines: TruthLine[]; errors: LineError[] } {
  const lines: TruthLine[] = [];
  const errors: LineError[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    if (format === "csv") {
      const fields = csvFields(raw);
      if (line === 1 && fields && fields.map((f) => f.trim().toLowerCase()).join(",") === "external_id,label") return;
      if (!fields || fields.length !== 2 || fields[0]?.trim() === "") {
        errors.push({ line, code: "invalid_line", message: "expected two fields: external_id,label" });
        return;
      }
      lines.push({ line, externalId: (fields[0] as string).trim(), label: fields[1] as string });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      errors.push({ line, code: "invalid_line", message: "not valid JSON" });
      return;
    }
    const record = value as { externalId?: unknown; label?: unknown } | null;
    if (typeof record !== "object" || record === null || typeof record.externalId !== "string" || record.externalId.trim() === "" || typeof record.label !== "string") {
      errors.push({ line, code: "invalid_line", message: 'expected {"externalId": "<string>", "label": "<string>"}' });
      return;
    }
    lines.push({ line, externalId: record.externalId.trim(), label: record.label });
  });
  return { lines, errors };
}

/** The external ids among `ids` carried by a response of the tag in the project. */
async function knownExternalIds(db: DataLayer, projectId: string, tag: string, ids: string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom("responses as r")
      .innerJoin("response_tags as t", (join) => join.onRef("t.response_id", "=", "r.id").onRef("t.occurred_at", "=", "r.occurred_at"))
      .select("r.external_id").distinct()
      .where("r.project_id", "=", projectId).where("t.tag", "=", tag).where("r.external_id", "in", ids.slice(i, i + 500)).execute();
    for (const row of rows) if (row.external_id !== null) known.add(row.external_id);
  }
  return known;
}

export async function applyGroundTruth(
  db: DataLayer,
  task: { id: string; projectId: string; tag: string; labels: readonly string[] },
  text: string,
  format: TruthFormat,
  now = Date.now(),
): Promise<TruthUploadResult> {
  const parsed = parseTruthLines(text, format);
  const errors = [...parsed.errors];
  const byKey = new Map(task.labels.map((label) => [labelKey(label), label]));
  const known = await knownExternalIds(db, task.projectId, task.tag, [...new Set(parsed.lines.map((l) => l.externalId))]);
  const good = new Map<string, string>();
  for (const line of parsed.lines) {
    const label = byKey.get(labelKey(line.label));
    if (!known.has(line.externalId)) errors.push({ line: line.line, code: "unknown_id", message: `no response tagged "${task.tag}" has external id "${line.externalId}"` });
    else if (label === undefined) errors.push({ line: line.line, code: "unknown_label", message: `"${line.label}" is not one of the task's labels (${task.labels.join(", ")})` });
    else good.set(line.externalId, label);
  }
  const rows = [...good].map(([externalId, label]) => ({ task_id: task.id, external_id: externalId, label, updated_at: now }));
  for (let i = 0; i < rows.length; i += 500) {
    await db.insertInto("classification_truths").values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(["task_id", "external_id"]).doUpdateSet((eb) => ({ label: eb.ref("excluded.label"), updated_at: eb.ref("excluded.updated_at") })))
      .execute();
  }
  errors.sort((a, b) => a.line - b.line);
  return { applied: rows.length, errors };
}
