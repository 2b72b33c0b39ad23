import type { Statement } from "better-sqlite3";
import { sql, type Transaction } from "kysely";
import type { PreparedResponse } from "@/lib/ingest/prepare";
import { backendOf, sqliteConnectionOf, type DataLayer } from "./database";
import { HOUR_MS } from "./dialect";
import { DAY_MS, ensurePartitionsFor } from "./partitions";
import { addFacetsPostgres, addFacetsSqlite } from "./projectFacets";
import { binOf, ROLLUP_BIN_METRICS } from "./rollupBins";
import type { Database, ResponseHourlyRollupsTable, ResponseMetricBinsTable } from "./schema";
import type { SqliteDatabase } from "./sqlite";

/**
 * Bulk write path for ingestion: one transaction per batch, rollups aggregated in memory and
 * added once per batch with `INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n`, which
 * concurrent writers (several app instances) cannot lose. The response and token rows are the
 * one place the dialects differ as whole statements (one function each below): PostgreSQL takes
 * the batch as arrays in one `INSERT ... SELECT FROM unnest(...)` per table (a round trip per
 * row would cost more than the write), SQLite writes row by row in-process through
 * hand-prepared statements with a savepoint per record.
 */
export { HOUR_MS };

export type WriteOutcome = { ids: number[]; duplicate: boolean } | { error: { code: string; message: string } };

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

const WRITE_FAILED = { error: { code: "write_failed", message: "the record could not be stored" } } as const;

/**
 * The alert rows of one stored response: one per fired detector, keyed `response:<id>` so a
 * resent response or a re-run adds nothing (ON CONFLICT DO NOTHING on the unique key).
 */
function alertRows(projectId: string, responseId: number, r: PreparedResponse, receivedAt: number) {
  return r.findings.map((finding) => ({
    project_id: projectId, detector: finding.detector, dedupe_key: `response:${responseId}`, response_id: responseId,
    model: r.model, severity: finding.severity, value: finding.value, threshold: finding.threshold,
    evidence: JSON.stringify(finding.evidence), occurred_at: r.occurredAt, created_at: receivedAt, updated_at: receivedAt,
  }));
}

/** A response row as both dialects insert it (the columns of `responses` but id). */
function responseRow(projectId: string, r: PreparedResponse, receivedAt: number) {
  const m = r.metrics;
  return {
    project_id: projectId, external_id: r.externalId, sample_index: r.sampleIndex, provider: r.provider, model: r.model,
    source_format: r.sourceFormat, occurred_at: r.occurredAt, received_at: receivedAt, prompt: r.prompt,
    messages: json(r.messages), params: json(r.params), output_text: r.outputText, finish_reason: r.finishReason,
    tags: json(r.tags), metadata: json(r.metadata), token_count: m.tokenCount, sum_logprob: m.sumLogprob,
    avg_logprob: m.avgLogprob, perplexity: m.perplexity, length_normalized_logprob: m.lengthNormalizedLogprob,
    min_logprob: m.minLogprob, mean_entropy_bits: m.meanEntropyBits, max_entropy_bits: m.maxEntropyBits,
    mean_margin: m.meanMargin, low_confidence_ratio: m.lowConfidenceRatio, sudden_drops: m.suddenDrops,
    hotspot_count: m.hotspots.length, hotspots: json(storedHotspots(m.hotspots)), flags: json(r.flags),
    flag_count: r.flags.length, prompt_token_count: r.promptTokenCount, zero_probability_tokens: r.zeroProbabilityTokens,
  };
}
type ResponseRow = ReturnType<typeof responseRow>;

/**
 * Writes each record's samples (all or none per record). `records[i]` holds the prepared
 * samples of input record i; the outcome list is parallel. A resent sample (same project,
 * external id and sample index) is not stored again: its record reports the stored ids, and
 * `duplicate` when every sample was already there.
 */
export async function writePreparedBatch(
  layer: DataLayer,
  projectId: string,
  records: ReadonlyArray<PreparedResponse[]>,
  receivedAt: number,
): Promise<WriteOutcome[]> {
  if (backendOf(layer) === "postgres") {
    await ensurePartitionsFor(layer, "postgres", records.flatMap((samples) => samples.map((r) => r.occurredAt)));
    return writeBatchPostgres(layer, projectId, records, receivedAt);
  }
  return writeBatchSqlite(layer, projectId, records, receivedAt);
}

/**
 * SQLite: in-process, so there are no round trips to save, and the cost is per statement:
 * better-sqlite3 statements prepared once per connection, in one synchronous transaction with a
 * savepoint per record (a failing record costs only itself). Kysely here (a query built,
 * compiled and prepared per row) made this write 2.5x slower: 0.57 against 0.22 ms per
 * 500-token response. The same statements as writeBatchPostgres and addRollups, row by row.
 */
interface SqliteStatements {
  insertResponse: Statement<unknown[]>;
  findExisting: Statement<unknown[]>;
  insertTokens: Statement<unknown[]>;
  insertTag: Statement<unknown[]>;
  insertAlert: Statement<unknown[]>;
  addHourly: Statement<unknown[]>;
  addBin: Statement<unknown[]>;
  addCell: Statement<unknown[]>;
  addDailyCell: Statement<unknown[]>;
}

/** The columns of responseRow(), in its order (the SQLite insert binds them by name). */
const RESPONSE_COLUMNS: ReadonlyArray<keyof ResponseRow> = [
  "project_id", "external_id", "sample_index", "provider", "model", "source_format", "occurred_at", "received_at", "prompt",
  "messages", "params", "output_text", "finish_reason", "tags", "metadata", "token_count", "sum_logprob", "avg_logprob",
  "perplexity", "length_normalized_logprob", "min_logprob", "mean_entropy_bits", "max_entropy_bits", "mean_margin",
  "low_confidence_ratio", "sudden_drops", "hotspot_count", "hotspots", "flags", "flag_count", "prompt_token_count",
  "zero_probability_tokens",
];
const sqliteStatementCache = new WeakMap<SqliteDatabase, SqliteStatements>();

function sqliteStatements(connection: SqliteDatabase): SqliteStatements {
  const cached = sqliteStatementCache.get(connection);
  if (cached) return cached;
  const statements: SqliteStatements = {
    insertResponse: connection.prepare(`INSERT INTO responses (${RESPONSE_COLUMNS.join(", ")})
      VALUES (${RESPONSE_COLUMNS.map((c) => `@${c}`).join(", ")})
      ON CONFLICT (project_id, external_id, sample_index) DO NOTHING`),
    findExisting: connection.prepare(`SELECT id FROM responses WHERE project_id = ? AND external_id = ? AND sample_index = ?`),
    insertTokens: connection.prepare(`INSERT INTO response_tokens (response_id, occurred_at, tokens_blob, prompt_tokens_blob) VALUES (?, ?, ?, ?)`),
    insertTag: connection.prepare(`INSERT INTO response_tags (response_id, project_id, tag, occurred_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`),
    insertAlert: connection.prepare(`INSERT INTO alerts (project_id, detector, dedupe_key, response_id, model, severity, value,
        threshold, evidence, occurred_at, created_at, updated_at)
      VALUES (@project_id, @detector, @dedupe_key, @response_id, @model, @severity, @value, @threshold, @evidence, @occurred_at,
        @created_at, @updated_at)
      ON CONFLICT (project_id, detector, dedupe_key) DO NOTHING`),
    addHourly: connection.prepare(`INSERT INTO response_hourly_rollups
        (project_id, tag, bucket_start, model, response_count, token_count, flagged_count, sum_avg_logprob, avg_logprob_count,
          sum_min_logprob, min_logprob_count)
        VALUES (@project_id, @tag, @bucket_start, @model, @response_count, @token_count, @flagged_count, @sum_avg_logprob,
          @avg_logprob_count, @sum_min_logprob, @min_logprob_count)
      ON CONFLICT (project_id, tag, bucket_start, model) DO UPDATE SET
        response_count = response_count + excluded.response_count,
        token_count = token_count + excluded.token_count,
        flagged_count = flagged_count + excluded.flagged_count,
        sum_avg_logprob = sum_avg_logprob + excluded.sum_avg_logprob,
        avg_logprob_count = avg_logprob_count + excluded.avg_logprob_count,
        sum_min_logprob = sum_min_logprob + excluded.sum_min_logprob,
        min_logprob_count = min_logprob_count + excluded.min_logprob_count`),
    addBin: connection.prepare(`INSERT INTO response_metric_bins (project_id, tag, metric, bucket_start, model, bin, response_count)
      VALUES (@project_id, @tag, @metric, @bucket_start, @model, @bin, @response_count)
      ON CONFLICT (project_id, tag, metric, bucket_start, model, bin) DO UPDATE SET response_count = response_count + excluded.response_count`),
    addCell: connection.prepare(`INSERT INTO token_position_cells (project_id, bucket_start, model, position_bucket, prob_bucket, token_count)
      VALUES (@project_id, @bucket_start, @model, @position_bucket, @prob_bucket, @token_count)
      ON CONFLICT (project_id, bucket_start, model, position_bucket, prob_bucket) DO UPDATE SET token_count = token_count + excluded.token_count`),
    addDailyCell: connection.prepare(`INSERT INTO token_position_daily_cells (project_id, day_start, model, position_bucket, prob_bucket, token_count)
      VALUES (@project_id, @day_start, @model, @position_bucket, @prob_bucket, @token_count)
      ON CONFLICT (project_id, day_start, model, position_bucket, prob_bucket) DO UPDATE SET token_count = token_count + excluded.token_count`),
  };
  sqliteStatementCache.set(connection, statements);
  return statements;
}

async function writeBatchSqlite(
  layer: DataLayer,
  projectId: string,
  records: ReadonlyArray<PreparedResponse[]>,
  receivedAt: number,
): Promise<WriteOutcome[]> {
  const connection = sqliteConnectionOf(layer);
  const s = sqliteStatements(connection);
  const writeRecord = connection.transaction((samples: PreparedResponse[], stored: PreparedResponse[]): WriteOutcome => {
    const ids: number[] = [];
    for (const r of samples) {
      const result = s.insertResponse.run(responseRow(projectId, r, receivedAt));
      if (result.changes === 0) {
        ids.push((s.findExisting.get(projectId, r.externalId, r.sampleIndex) as { id: number }).id);
        continue;
      }
      const id = Number(result.lastInsertRowid);
      ids.push(id);
      stored.push(r);
      s.insertTokens.run(id, r.occurredAt, r.tokensBlob, r.promptTokensBlob);
      for (const tag of r.tags) s.insertTag.run(id, projectId, tag, r.occurredAt);
      for (const alert of alertRows(projectId, id, r, receivedAt)) s.insertAlert.run(alert);
    }
    return { ids, duplicate: stored.length === 0 };
  });
  return connection.transaction(() => {
    const outcomes: WriteOutcome[] = [];
    const inserted: PreparedResponse[] = [];
    for (const samples of records) {
      const stored: PreparedResponse[] = [];
      try {
        outcomes.push(writeRecord(samples, stored));
        inserted.push(...stored);
      } catch (error) {
        // The cause stays in the server log; the client learns only that this record failed.
        console.error("ingest: record write failed", error);
        outcomes.push(WRITE_FAILED);
      }
    }
    addFacetsSqlite(connection, projectId, inserted);
    const rollups = rollupRows(projectId, inserted);
    for (const row of rollups.hourly) s.addHourly.run(row);
    for (const row of rollups.bins) s.addBin.run(row);
    for (const row of rollups.cells) s.addCell.run(row);
    for (const row of rollups.dailyCells) s.addDailyCell.run(row);
    return outcomes;
  })();
}

/** PostgreSQL error codes worth one more try of the whole batch: deadlock, serialization failure. */
const RETRYABLE = new Set(["40P01", "40001"]);

/**
 * PostgreSQL: the whole batch in one transaction of a handful of statements, whatever its size.
 * Should the batch fail (a row a constraint or trigger refuses, a value out of range), each
 * record is retried alone, so a bad record costs only itself, as on SQLite.
 */
async function writeBatchPostgres(
  layer: DataLayer,
  projectId: string,
  records: ReadonlyArray<PreparedResponse[]>,
  receivedAt: number,
): Promise<WriteOutcome[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await layer.transaction().execute((trx) => insertBatchPostgres(trx, projectId, records, receivedAt));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code && RETRYABLE.has(code) && attempt < 5) continue;
      if (records.length === 1) {
        console.error("ingest: record write failed", error);
        return [WRITE_FAILED];
      }
      const outcomes: WriteOutcome[] = [];
      for (const samples of records) outcomes.push(...(await writeBatchPostgres(layer, projectId, [samples], receivedAt)));
      return outcomes;
    }
  }
}

async function insertBatchPostgres(
  trx: Transaction<Database>,
  projectId: string,
  records: ReadonlyArray<PreparedResponse[]>,
  receivedAt: number,
): Promise<WriteOutcome[]> {
  const samples = records.flat();
  if (samples.length === 0) return records.map(() => ({ ids: [], duplicate: true }));
  // Ids drawn ahead, so RETURNING tells which rows were stored (the responses_claim_key trigger
  // skips a resent key, and a skipped row is not returned).
  const { rows: drawn } = await sql<{ id: number }>`
    SELECT nextval(pg_get_serial_sequence('responses', 'id')) AS id FROM generate_series(1, ${samples.length}::int)`.execute(trx);
  const ids = drawn.map((row) => row.id);
  const rows = samples.map((r) => responseRow(projectId, r, receivedAt));
  const column = <K extends keyof ResponseRow>(key: K) => columnOf(rows, key);
  // Ordered by key: concurrent batches claim shared keys in the same order (no deadlock), and
  // the first of two equal keys in one batch is the one stored.
  const { rows: stored } = await sql<{ id: number }>`
    INSERT INTO responses (id, project_id, external_id, sample_index, provider, model, source_format, occurred_at,
      received_at, prompt, messages, params, output_text, finish_reason, tags, metadata, token_count, sum_logprob,
      avg_logprob, perplexity, length_normalized_logprob, min_logprob, mean_entropy_bits, max_entropy_bits, mean_margin,
      low_confidence_ratio, sudden_drops, hotspot_count, hotspots, flags, flag_count, prompt_token_count,
      zero_probability_tokens)
    SELECT id, ${projectId}, external_id, sample_index, provider, model, source_format, occurred_at,
      ${receivedAt}::bigint, prompt, messages::json, params::json, output_text, finish_reason, tags::json, metadata::json,
      token_count, sum_logprob, avg_logprob, perplexity, length_normalized_logprob, min_logprob, mean_entropy_bits,
      max_entropy_bits, mean_margin, low_confidence_ratio, sudden_drops, hotspot_count, hotspots::json, flags::json,
      flag_count, prompt_token_count, zero_probability_tokens
    FROM unnest(${pgNumbers(ids)}::bigint[], ${column("external_id")}::text[], ${pgNumbers(column("sample_index"))}::int[],
      ${column("provider")}::text[], ${column("model")}::text[], ${column("source_format")}::text[],
      ${pgNumbers(column("occurred_at"))}::bigint[], ${column("prompt")}::text[], ${column("messages")}::text[],
      ${column("params")}::text[], ${column("output_text")}::text[], ${column("finish_reason")}::text[],
      ${column("tags")}::text[], ${column("metadata")}::text[], ${pgNumbers(column("token_count"))}::int[],
      ${pgNumbers(column("sum_logprob"))}::float8[], ${pgNumbers(column("avg_logprob"))}::float8[], ${pgNumbers(column("perplexity"))}::float8[],
      ${pgNumbers(column("length_normalized_logprob"))}::float8[], ${pgNumbers(column("min_logprob"))}::float8[],
      ${pgNumbers(column("mean_entropy_bits"))}::float8[], ${pgNumbers(column("max_entropy_bits"))}::float8[], ${pgNumbers(column("mean_margin"))}::float8[],
      ${pgNumbers(column("low_confidence_ratio"))}::float8[], ${pgNumbers(column("sudden_drops"))}::int[], ${pgNumbers(column("hotspot_count"))}::int[],
      ${column("hotspots")}::text[], ${column("flags")}::text[], ${pgNumbers(column("flag_count"))}::int[],
      ${pgNumbers(column("prompt_token_count"))}::int[], ${pgNumbers(column("zero_probability_tokens"))}::int[])
      WITH ORDINALITY AS s(id, external_id, sample_index, provider, model, source_format, occurred_at, prompt, messages,
        params, output_text, finish_reason, tags, metadata, token_count, sum_logprob, avg_logprob, perplexity,
        length_normalized_logprob, min_logprob, mean_entropy_bits, max_entropy_bits, mean_margin, low_confidence_ratio,
        sudden_drops, hotspot_count, hotspots, flags, flag_count, prompt_token_count, zero_probability_tokens, ord)
    ORDER BY external_id, sample_index, ord
    ON CONFLICT DO NOTHING
    RETURNING id`.execute(trx);
  const storedIds = new Set(stored.map((row) => row.id));

  const fresh = samples.map((r, i) => ({ r, id: ids[i] as number })).filter(({ id }) => storedIds.has(id));
  if (fresh.length > 0) {
    const tokens = packedBlobs(fresh.map((f) => f.r.tokensBlob));
    const prompts = packedBlobs(fresh.map((f) => f.r.promptTokensBlob));
    await sql`
      INSERT INTO response_tokens (response_id, occurred_at, tokens_blob, prompt_tokens_blob)
      SELECT id, at, substring(${tokens.packed}::bytea FROM t_start FOR t_length),
        CASE WHEN p_length < 0 THEN NULL ELSE substring(${prompts.packed}::bytea FROM p_start FOR p_length) END
      FROM unnest(${pgNumbers(fresh.map((f) => f.id))}::bigint[], ${pgNumbers(fresh.map((f) => f.r.occurredAt))}::bigint[],
        ${pgNumbers(tokens.starts)}::int[], ${pgNumbers(tokens.lengths)}::int[], ${pgNumbers(prompts.starts)}::int[], ${pgNumbers(prompts.lengths)}::int[])
        AS b(id, at, t_start, t_length, p_start, p_length)`.execute(trx);
    const tagRows = fresh.flatMap(({ r, id }) => r.tags.map((tag) => ({ id, tag, at: r.occurredAt })));
    if (tagRows.length > 0) {
      await sql`
        INSERT INTO response_tags (response_id, project_id, tag, occurred_at)
        SELECT id, ${projectId}, tag, at FROM unnest(${pgNumbers(tagRows.map((t) => t.id))}::bigint[], ${tagRows.map((t) => t.tag)}::text[],
          ${pgNumbers(tagRows.map((t) => t.at))}::bigint[]) AS t(id, tag, at)
        ON CONFLICT DO NOTHING`.execute(trx);
    }
  }

  const alerts = fresh.flatMap(({ r, id }) => alertRows(projectId, id, r, receivedAt));
  if (alerts.length > 0) {
    const alertColumn = <K extends keyof (typeof alerts)[number]>(key: K) => columnOf(alerts, key);
    await sql`
      INSERT INTO alerts (project_id, detector, dedupe_key, response_id, model, severity, value, threshold, evidence, occurred_at,
        created_at, updated_at)
      SELECT ${projectId}, detector, dedupe_key, response_id, model, severity, value, threshold, evidence::json, occurred_at,
        ${receivedAt}::bigint, ${receivedAt}::bigint
      FROM unnest(${alertColumn("detector")}::text[], ${alertColumn("dedupe_key")}::text[], ${pgNumbers(alertColumn("response_id"))}::int[],
        ${alertColumn("model")}::text[], ${alertColumn("severity")}::text[], ${pgNumbers(alertColumn("value"))}::float8[],
        ${pgNumbers(alertColumn("threshold"))}::float8[], ${alertColumn("evidence")}::text[], ${pgNumbers(alertColumn("occurred_at"))}::bigint[])
        AS a(detector, dedupe_key, response_id, model, severity, value, threshold, evidence, occurred_at)
      ON CONFLICT (project_id, detector, dedupe_key) DO NOTHING`.execute(trx);
  }

  // A sample not stored was a resent key: report the id stored under it.
  const resent = samples.filter((_, i) => !storedIds.has(ids[i] as number));
  const existing = new Map<string, number>();
  if (resent.length > 0) {
    const { rows: found } = await sql<{ response_id: number; external_id: string; sample_index: number }>`
      SELECT k.response_id, k.external_id, k.sample_index FROM response_keys k
      JOIN unnest(${resent.map((r) => r.externalId)}::text[], ${pgNumbers(resent.map((r) => r.sampleIndex))}::int[]) AS s(external_id, sample_index)
        ON k.external_id = s.external_id AND k.sample_index = s.sample_index
      WHERE k.project_id = ${projectId}`.execute(trx);
    for (const row of found) existing.set(sampleKey(row.external_id, row.sample_index), row.response_id);
  }

  await addFacetsPostgres(trx, projectId, fresh.map(({ r }) => r));
  await addRollups(trx, projectId, fresh.map(({ r }) => r));
  let next = 0;
  return records.map((recordSamples) => {
    const recordIds: number[] = [];
    let stored = 0;
    for (const r of recordSamples) {
      const id = ids[next++] as number;
      if (storedIds.has(id)) {
        recordIds.push(id);
        stored++;
      } else {
        const found = existing.get(sampleKey(r.externalId, r.sampleIndex));
        if (found === undefined) throw new Error(`sample ${r.externalId}#${r.sampleIndex} was neither stored nor found`);
        recordIds.push(found);
      }
    }
    return { ids: recordIds, duplicate: stored === 0 };
  });
}

/**
 * A batch's blobs as one buffer plus each blob's 1-based start and length (-1: NULL), cut apart
 * with substring() in SQL. pg sends a Buffer parameter as binary, but a bytea[] as an array
 * literal in hex text: twice the bytes, built in JS and parsed back by PostgreSQL.
 */
function packedBlobs(blobs: ReadonlyArray<Buffer | null>): { packed: Buffer; starts: number[]; lengths: number[] } {
  const starts: number[] = [];
  const lengths: number[] = [];
  let offset = 0;
  for (const blob of blobs) {
    starts.push(offset + 1);
    lengths.push(blob === null ? -1 : blob.length);
    offset += blob?.length ?? 0;
  }
  return { packed: Buffer.concat(blobs.filter((blob): blob is Buffer => blob !== null), offset), starts, lengths };
}

/**
 * Numbers as one PostgreSQL array literal for `$n::int[]` and the like. pg would quote and
 * regex-escape every element as if it were text: ~10,000 numbers per 50-response batch, a few
 * ms of the main thread. String(n) is what pg sends for a number (exact for float8: the
 * shortest round-trip form).
 */
function pgNumbers(values: ReadonlyArray<number | null>): string {
  let literal = "{";
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    literal += (i > 0 ? "," : "") + (value === null || value === undefined ? "NULL" : String(value));
  }
  return literal + "}";
}

/** One column of a batch's rows, as the array an `unnest` parameter takes. */
const columnOf = <T, K extends keyof T>(rows: readonly T[], key: K): Array<T[K]> => rows.map((row) => row[key]);

const sampleKey = (externalId: string | null, sampleIndex: number) => `${sampleIndex}\u0000${externalId}`;

/**
 * The stored responses' additions to the rollups, summed in memory, each list in key order
 * (concurrent batches then lock shared rows in the same order): the hourly aggregates and the
 * metric bins under tag '' and under each of the response's tags, and the heatmap cells by hour
 * and by UTC day (no tag dimension).
 */
function rollupRows(projectId: string, stored: readonly PreparedResponse[]) {
  const hourly = new Map<string, HourlyRollupRow>();
  const bins = new Map<string, MetricBinRow>();
  // Heatmap counts per (hour, model) and per (day, model), each a map of cell -> tokens: one
  // string key per response rather than two per cell (~40 cells a response).
  const cellGroups = new Map<string, { bucket_start: number; model: string; counts: Map<number, number> }>();
  const dailyGroups = new Map<string, { day_start: number; model: string; counts: Map<number, number> }>();
  for (const r of stored) {
    const bucket = Math.floor(r.occurredAt / HOUR_MS) * HOUR_MS;
    const m = r.metrics;
    const binsOfResponse: Array<[number, number]> = [];
    for (const def of ROLLUP_BIN_METRICS) {
      const value = m[def.metric];
      if (value !== null) binsOfResponse.push([def.code, binOf(value, def)]);
    }
    for (const tag of new Set(["", ...r.tags])) {
      const hourKey = `${tag}\u0000${bucket}\u0000${r.model}`;
      let row = hourly.get(hourKey);
      if (!row) {
        row = { tag, bucket_start: bucket, model: r.model, response_count: 0, token_count: 0, flagged_count: 0, sum_avg_logprob: 0, avg_logprob_count: 0, sum_min_logprob: 0, min_logprob_count: 0 };
        hourly.set(hourKey, row);
      }
      row.response_count += 1;
      row.token_count += m.tokenCount;
      row.flagged_count += r.flags.length > 0 ? 1 : 0;
      if (m.avgLogprob !== null) {
        row.sum_avg_logprob += m.avgLogprob;
        row.avg_logprob_count += 1;
      }
      if (m.minLogprob !== null) {
        row.sum_min_logprob += m.minLogprob;
        row.min_logprob_count += 1;
      }
      for (const [metric, bin] of binsOfResponse) {
        const binKey = `${hourKey}\u0000${metric}\u0000${bin}`;
        const existing = bins.get(binKey);
        if (existing) existing.response_count += 1;
        else bins.set(binKey, { tag, metric, bucket_start: bucket, model: r.model, bin, response_count: 1 });
      }
    }
    const day = Math.floor(r.occurredAt / DAY_MS) * DAY_MS;
    const hourKey = `${bucket}\u0000${r.model}`;
    const dayKey = `${day}\u0000${r.model}`;
    let hourCells = cellGroups.get(hourKey);
    if (!hourCells) cellGroups.set(hourKey, (hourCells = { bucket_start: bucket, model: r.model, counts: new Map() }));
    let dayCells = dailyGroups.get(dayKey);
    if (!dayCells) dailyGroups.set(dayKey, (dayCells = { day_start: day, model: r.model, counts: new Map() }));
    for (const [cell, count] of r.heatmapCounts) {
      hourCells.counts.set(cell, (hourCells.counts.get(cell) ?? 0) + count);
      dayCells.counts.set(cell, (dayCells.counts.get(cell) ?? 0) + count);
    }
  }
  // cell = positionBucket * 64 + probBucket (lib/ingest/prepare.ts), so cell order is
  // (position_bucket, prob_bucket) order.
  const cellRows = <G extends { model: string; counts: Map<number, number> }>(group: G) =>
    [...group.counts.keys()].sort((a, b) => a - b).map((cell) => ({ position_bucket: Math.floor(cell / 64), prob_bucket: cell % 64, token_count: group.counts.get(cell) as number }));
  const byHourRow = (a: { tag: string; bucket_start: number; model: string }, b: typeof a) =>
    compareText(a.tag, b.tag) || a.bucket_start - b.bucket_start || compareText(a.model, b.model);
  return {
    hourly: [...hourly.values()].map((r) => ({ project_id: projectId, ...r })).sort(byHourRow),
    bins: [...bins.values()].map((r) => ({ project_id: projectId, ...r })).sort((a, b) => compareText(a.tag, b.tag) || a.metric - b.metric || a.bucket_start - b.bucket_start || compareText(a.model, b.model) || a.bin - b.bin),
    cells: [...cellGroups.values()].sort((a, b) => a.bucket_start - b.bucket_start || compareText(a.model, b.model))
      .flatMap((group) => cellRows(group).map((cell) => ({ project_id: projectId, bucket_start: group.bucket_start, model: group.model, ...cell }))),
    dailyCells: [...dailyGroups.values()].sort((a, b) => a.day_start - b.day_start || compareText(a.model, b.model))
      .flatMap((group) => cellRows(group).map((cell) => ({ project_id: projectId, day_start: group.day_start, model: group.model, ...cell }))),
  };
}

type HourlyRollupRow = Omit<ResponseHourlyRollupsTable, "project_id">;
type MetricBinRow = Omit<ResponseMetricBinsTable, "project_id">;

/**
 * Adds the stored responses to the rollups (PostgreSQL): one atomic upsert per table, its rows
 * as arrays through unnest. A batch of 50 responses makes ~2,000 heatmap cells; as VALUES lists
 * they cost more to build, send, parse and plan than the rows cost to write.
 */
async function addRollups(trx: Transaction<Database>, projectId: string, stored: readonly PreparedResponse[]): Promise<void> {
  const { hourly, bins, cells, dailyCells } = rollupRows(projectId, stored);
  if (hourly.length > 0) {
    await sql`
      INSERT INTO response_hourly_rollups (project_id, tag, bucket_start, model, response_count, token_count, flagged_count,
        sum_avg_logprob, avg_logprob_count, sum_min_logprob, min_logprob_count)
      SELECT ${projectId}, tag, bucket_start, model, response_count, token_count, flagged_count, sum_avg_logprob,
        avg_logprob_count, sum_min_logprob, min_logprob_count
      FROM unnest(${columnOf(hourly, "tag")}::text[], ${pgNumbers(columnOf(hourly, "bucket_start"))}::bigint[], ${columnOf(hourly, "model")}::text[],
        ${pgNumbers(columnOf(hourly, "response_count"))}::int[], ${pgNumbers(columnOf(hourly, "token_count"))}::int[], ${pgNumbers(columnOf(hourly, "flagged_count"))}::int[],
        ${pgNumbers(columnOf(hourly, "sum_avg_logprob"))}::float8[], ${pgNumbers(columnOf(hourly, "avg_logprob_count"))}::int[],
        ${pgNumbers(columnOf(hourly, "sum_min_logprob"))}::float8[], ${pgNumbers(columnOf(hourly, "min_logprob_count"))}::int[])
        AS h(tag, bucket_start, model, response_count, token_count, flagged_count, sum_avg_logprob, avg_logprob_count,
          sum_min_logprob, min_logprob_count)
      ON CONFLICT (project_id, tag, bucket_start, model) DO UPDATE SET
        response_count = response_hourly_rollups.response_count + excluded.response_count,
        token_count = response_hourly_rollups.token_count + excluded.token_count,
        flagged_count = response_hourly_rollups.flagged_count + excluded.flagged_count,
        sum_avg_logprob = response_hourly_rollups.sum_avg_logprob + excluded.sum_avg_logprob,
        avg_logprob_count = response_hourly_rollups.avg_logprob_count + excluded.avg_logprob_count,
        sum_min_logprob = response_hourly_rollups.sum_min_logprob + excluded.sum_min_logprob,
        min_logprob_count = response_hourly_rollups.min_logprob_count + excluded.min_logprob_count`.execute(trx);
  }
  if (bins.length > 0) {
    await sql`
      INSERT INTO response_metric_bins (project_id, tag, metric, bucket_start, model, bin, response_count)
      SELECT ${projectId}, tag, metric, bucket_start, model, bin, response_count
      FROM unnest(${columnOf(bins, "tag")}::text[], ${pgNumbers(columnOf(bins, "metric"))}::int[], ${pgNumbers(columnOf(bins, "bucket_start"))}::bigint[],
        ${columnOf(bins, "model")}::text[], ${pgNumbers(columnOf(bins, "bin"))}::int[], ${pgNumbers(columnOf(bins, "response_count"))}::int[])
        AS b(tag, metric, bucket_start, model, bin, response_count)
      ON CONFLICT (project_id, tag, metric, bucket_start, model, bin)
      DO UPDATE SET response_count = response_metric_bins.response_count + excluded.response_count`.execute(trx);
  }
  if (cells.length > 0) {
    await sql`
      INSERT INTO token_position_cells (project_id, bucket_start, model, position_bucket, prob_bucket, token_count)
      SELECT ${projectId}, bucket_start, model, position_bucket, prob_bucket, token_count
      FROM unnest(${pgNumbers(columnOf(cells, "bucket_start"))}::bigint[], ${columnOf(cells, "model")}::text[], ${pgNumbers(columnOf(cells, "position_bucket"))}::int[],
        ${pgNumbers(columnOf(cells, "prob_bucket"))}::int[], ${pgNumbers(columnOf(cells, "token_count"))}::int[])
        AS c(bucket_start, model, position_bucket, prob_bucket, token_count)
      ON CONFLICT (project_id, bucket_start, model, position_bucket, prob_bucket)
      DO UPDATE SET token_count = token_position_cells.token_count + excluded.token_count`.execute(trx);
  }
  if (dailyCells.length > 0) {
    await sql`
      INSERT INTO token_position_daily_cells (project_id, day_start, model, position_bucket, prob_bucket, token_count)
      SELECT ${projectId}, day_start, model, position_bucket, prob_bucket, token_count
      FROM unnest(${pgNumbers(columnOf(dailyCells, "day_start"))}::bigint[], ${columnOf(dailyCells, "model")}::text[],
        ${pgNumbers(columnOf(dailyCells, "position_bucket"))}::int[], ${pgNumbers(columnOf(dailyCells, "prob_bucket"))}::int[], ${pgNumbers(columnOf(dailyCells, "token_count"))}::int[])
        AS c(day_start, model, position_bucket, prob_bucket, token_count)
      ON CONFLICT (project_id, day_start, model, position_bucket, prob_bucket)
      DO UPDATE SET token_count = token_position_daily_cells.token_count + excluded.token_count`.execute(trx);
  }
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
