import type { DataLayer } from "@/lib/db/database";
import { parseJsonColumn } from "@/lib/db/responseListSql";
import { siblingConsistency } from "@/lib/metrics/sampleConsistency";

/** A stored response as storedSampleConsistency reads it. */
export interface StoredSampleRow {
  id: number;
  externalId: string | null;
  /** The `metadata` column's JSON text. */
  metadata: string | null;
}

/**
 * The multi-sample consistency ingest gave each stored response (lib/metrics/sampleConsistency.ts,
 * siblingConsistency), for judging it again (re-apply, triage scores): a playground sample's
 * carried `metadata.playground` figure, else the ROUGE-L of the samples stored under its
 * external id when there are several (the choices of one n>1 record), else null. One query for
 * all the rows' siblings. Keyed by response id.
 */
export async function storedSampleConsistency(db: DataLayer, projectId: string, rows: readonly StoredSampleRow[]): Promise<Map<number, number | null>> {
  const consistency = new Map<number, number | null>();
  const bySiblings: StoredSampleRow[] = [];
  for (const row of rows) {
    const metadata = parseJsonColumn(row.metadata);
    const fields = typeof metadata === "object" && metadata !== null && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : null;
    if (typeof fields?.playground === "object" && fields.playground !== null) consistency.set(row.id, siblingConsistency([], fields));
    else if (row.externalId !== null) bySiblings.push(row);
    else consistency.set(row.id, null);
  }
  if (bySiblings.length === 0) return consistency;
  const siblings = await db
    .selectFrom("responses")
    .select(["external_id", "output_text"])
    .where("project_id", "=", projectId)
    .where("external_id", "in", [...new Set(bySiblings.map((row) => row.externalId as string))])
    .orderBy("external_id")
    .orderBy("sample_index")
    .execute();
  const texts = new Map<string, string[]>();
  for (const sibling of siblings) texts.set(sibling.external_id as string, [...(texts.get(sibling.external_id as string) ?? []), sibling.output_text]);
  for (const row of bySiblings) consistency.set(row.id, siblingConsistency(texts.get(row.externalId as string) ?? [], null));
  return consistency;
}
