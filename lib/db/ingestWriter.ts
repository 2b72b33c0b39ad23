import type { PreparedResponse } from "@/lib/ingest/prepare";
import type { Statement } from "better-sqlite3";
import type { SqliteDatabase } from "./sqlite";

/**
 * Bulk write path for ingestion (SQLite dialect): one transaction per batch, prepared
 * statements, rollups aggregated in memory and upserted once per batch. Prisma's createMany
 * manages ~8k rows/s here; this path is what keeps ingest close to JSON.parse speed.
 */
export const HOUR_MS = 3_600_000;

export type WriteOutcome = { ids: number[]; duplicate: boolean } | { error: { code: string; message: string } };

interface Statements {
  insertResponse: Statement<unknown[]>;
  findExisting: Statement<unknown[]>;
  insertTokens: Statement<unknown[]>;
  insertTag: Statement<unknown[]>;
  findHeatmap: Statement<unknown[]>;
  upsertHeatmap: Statement<unknown[]>;
  upsertHourly: Statement<unknown[]>;
}

const statementCache = new WeakMap<SqliteDatabase, Statements>();

function statements(db: SqliteDatabase): Statements {
  let cached = statementCache.get(db);
  if (cached) return cached;
  cached = {
    insertResponse: db.prepare(`INSERT INTO responses (
        project_id, external_id, sample_index, provider, model, source_format, occurred_at, received_at,
        prompt, messages, params, output_text, finish_reason, tags, metadata,
        token_count, sum_logprob, avg_logprob, perplexity, length_normalized_logprob, min_logprob,
        mean_entropy_bits, max_entropy_bits, mean_margin, low_confidence_ratio, sudden_drops,
        hotspot_count, hotspots, flags, flag_count, prompt_token_count)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (project_id, external_id, sample_index) DO NOTHING`),
    findExisting: db.prepare(
      `SELECT id FROM responses WHERE project_id = ? AND external_id = ? AND sample_index = ?`,
    ),
    insertTokens: db.prepare(`INSERT INTO response_tokens (response_id, occurred_at, tokens_blob, prompt_tokens_blob) VALUES (?, ?, ?, ?)`),
    insertTag: db.prepare(
      `INSERT OR IGNORE INTO response_tags (response_id, project_id, tag, occurred_at) VALUES (?, ?, ?, ?)`,
    ),
    findHeatmap: db.prepare(`SELECT cells FROM token_position_rollups WHERE project_id = ? AND bucket_start = ? AND model = ?`),
    upsertHeatmap: db.prepare(`INSERT INTO token_position_rollups (project_id, bucket_start, model, token_count, cells)
      VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (project_id, bucket_start, model) DO UPDATE SET token_count = excluded.token_count, cells = excluded.cells`),
    upsertHourly: db.prepare(`INSERT INTO response_hourly_rollups
        (project_id, bucket_start, model, response_count, token_count, flagged_count, sum_avg_logprob, avg_logprob_count)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (project_id, bucket_start, model) DO UPDATE SET
        response_count = response_count + excluded.response_count,
        token_count = token_count + excluded.token_count,
        flagged_count = flagged_count + excluded.flagged_count,
        sum_avg_logprob = sum_avg_logprob + excluded.sum_avg_logprob,
        avg_logprob_count = avg_logprob_count + excluded.avg_logprob_count`),
  };
  statementCache.set(db, cached);
  return cached;
}

/** The response row keeps the highest-entropy hotspots (in position order); the token view recomputes all. */
export const STORED_HOTSPOTS = 20;
function storedHotspots(hotspots: PreparedResponse["metrics"]["hotspots"]) {
  if (hotspots.length <= STORED_HOTSPOTS) return hotspots;
  return hotspots
    .slice()
    .sort((a, b) => b.entropyBits - a.entropyBits)
    .slice(0, STORED_HOTSPOTS)
    .sort((a, b) => a.position - b.position);
}

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/**
 * Writes each record's samples (all or none per record). `records[i]` is either the prepared
 * samples of input record i or the error it already failed with; the outcome list is parallel.
 */
export function writePreparedBatch(
  db: SqliteDatabase,
  projectId: string,
  records: ReadonlyArray<PreparedResponse[]>,
  receivedAt: number,
): WriteOutcome[] {
  const s = statements(db);
  const heatmap = new Map<string, Map<number, number>>();
  const hourly = new Map<string, [number, number, number, number, number]>();

  // Rollups are merged only after a record's savepoint commits, so a failed record adds nothing.
  const writeRecord = db.transaction((samples: PreparedResponse[], inserted: PreparedResponse[]): WriteOutcome => {
    const ids: number[] = [];
    let duplicates = 0;
    for (const r of samples) {
      const m = r.metrics;
      const result = s.insertResponse.run(
        projectId, r.externalId, r.sampleIndex, r.provider, r.model, r.sourceFormat, r.occurredAt, receivedAt,
        r.prompt, json(r.messages), json(r.params), r.outputText, r.finishReason, json(r.tags), json(r.metadata),
        m.tokenCount, m.sumLogprob, m.avgLogprob, m.perplexity, m.lengthNormalizedLogprob, m.minLogprob,
        m.meanEntropyBits, m.maxEntropyBits, m.meanMargin, m.lowConfidenceRatio, m.suddenDrops,
        m.hotspots.length, json(storedHotspots(m.hotspots)), json(r.flags), r.flags.length, r.promptTokenCount,
      );
      if (result.changes === 0) {
        const existing = s.findExisting.get(projectId, r.externalId, r.sampleIndex) as { id: number };
        ids.push(existing.id);
        duplicates++;
        continue;
      }
      const id = Number(result.lastInsertRowid);
      ids.push(id);
      s.insertTokens.run(id, r.occurredAt, r.tokensBlob, r.promptTokensBlob);
      for (const tag of r.tags) s.insertTag.run(id, projectId, tag, r.occurredAt);
      inserted.push(r);
    }
    return { ids, duplicate: duplicates === samples.length };
  });

  const outcomes: WriteOutcome[] = [];
  db.transaction(() => {
    for (const samples of records) {
      try {
        const inserted: PreparedResponse[] = [];
        outcomes.push(writeRecord(samples, inserted));
        for (const r of inserted) accumulateRollups(r, heatmap, hourly);
      } catch (error) {
        // The cause stays in the server log; the client learns only that this record failed.
        console.error("ingest: record write failed", error);
        outcomes.push({ error: { code: "write_failed", message: "the record could not be stored" } });
      }
    }
    for (const [key, counts] of heatmap) {
      const [bucket, model] = splitKey(key);
      const existing = s.findHeatmap.get(projectId, bucket, model) as { cells: string } | undefined;
      const merged = existing ? (JSON.parse(existing.cells) as Record<string, number>) : {};
      let total = 0;
      for (const [cell, count] of counts) merged[cell] = (merged[cell] ?? 0) + count;
      for (const count of Object.values(merged)) total += count;
      s.upsertHeatmap.run(projectId, bucket, model, total, JSON.stringify(merged));
    }
    for (const [key, [responses, tokens, flagged, sumAvg, avgCount]] of hourly) {
      const [bucket, model] = splitKey(key);
      s.upsertHourly.run(projectId, bucket, model, responses, tokens, flagged, sumAvg, avgCount);
    }
  })();
  return outcomes;
}

function accumulateRollups(
  r: PreparedResponse,
  heatmap: Map<string, Map<number, number>>,
  hourly: Map<string, [number, number, number, number, number]>,
): void {
  const bucket = Math.floor(r.occurredAt / HOUR_MS) * HOUR_MS;
  const base = `${bucket}\u0000${r.model}`;
  let cells = heatmap.get(base);
  if (!cells) heatmap.set(base, (cells = new Map()));
  for (const [cell, count] of r.heatmapCounts) cells.set(cell, (cells.get(cell) ?? 0) + count);
  const row = hourly.get(base) ?? [0, 0, 0, 0, 0];
  row[0] += 1;
  row[1] += r.metrics.tokenCount;
  row[2] += r.flags.length > 0 ? 1 : 0;
  if (r.metrics.avgLogprob !== null) {
    row[3] += r.metrics.avgLogprob;
    row[4] += 1;
  }
  hourly.set(base, row);
}

function splitKey(key: string): [number, string] {
  const [bucket, model] = key.split("\u0000");
  return [Number(bucket), model ?? ""];
}
