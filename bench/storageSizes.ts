import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { closeDatabases, db, type DataLayer } from "@/lib/db/database";
import type { Backend } from "@/lib/db/databaseUrl";
import { blob } from "@/lib/db/dialect";
import { migrate } from "@/lib/db/migrate";
import { migratePostgres } from "@/lib/db/migratePostgres";
import { ensurePartitionsFor } from "@/lib/db/partitions";
import { findPgBinDir, startPgCluster } from "@/lib/db/pgCluster";
import { closeSqlite, sqlite } from "@/lib/db/sqlite";
import { prepareRecord } from "@/lib/ingest/prepare";
import { openAiChatPayloads } from "./openaiPayloads";

/**
 * `npx tsx bench/storageSizes.ts`: what one response costs on disk, per table, on SQLite and
 * PostgreSQL (README, "Scaling"). BENCH_RESPONSES (default 2,000) responses of 200 tokens with
 * top-5 alternatives, 2 of 6 tags each, 5 models over 30 days, prepared by the real ingest
 * path (metrics, token blob) and written row by row through the data layer; rollups are left out
 * (their size follows hours × models, not responses).
 */
const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 2000);
const TOKENS = 200;
const TAGS = ["rag", "billing", "support", "search", "eval", "prod"];
const MODELS = ["gpt-4o", "gpt-4o-mini", "claude", "llama-70b", "mistral"];
const TABLES = ["responses", "response_tokens", "response_tags", "response_keys"] as const;
const DAY = 86_400_000;

async function load(layer: DataLayer, backend: Backend): Promise<void> {
  const now = Date.UTC(2026, 10, 27);
  await layer.insertInto("projects").values({ id: "p", name: "Bench", created_at: now }).execute();
  const payloads = openAiChatPayloads(RESPONSES, TOKENS);
  const times = payloads.map((_, i) => now - Math.floor((i / RESPONSES) * 30 * DAY));
  await ensurePartitionsFor(layer, backend, times, now);
  for (const [i, payload] of payloads.entries()) {
    const record = { id: `ext-${i}`, timestamp: times[i], model: MODELS[i % 5], tags: [TAGS[i % 6], TAGS[(i + 1) % 6]], metadata: { user: `u_${i % 97}` }, response: payload };
    for (const r of prepareRecord(record, { lengthNormAlpha: 0.7, now })) {
      const m = r.metrics;
      const { id } = await layer.insertInto("responses").values({
        project_id: "p", external_id: r.externalId, sample_index: r.sampleIndex, provider: r.provider, model: r.model, source_format: r.sourceFormat,
        occurred_at: r.occurredAt, received_at: now, prompt: r.prompt, messages: JSON.stringify(r.messages), params: JSON.stringify(r.params),
        output_text: r.outputText, finish_reason: r.finishReason, tags: JSON.stringify(r.tags), metadata: JSON.stringify(r.metadata),
        token_count: m.tokenCount, sum_logprob: m.sumLogprob, avg_logprob: m.avgLogprob, perplexity: m.perplexity,
        length_normalized_logprob: m.lengthNormalizedLogprob, min_logprob: m.minLogprob, mean_entropy_bits: m.meanEntropyBits,
        max_entropy_bits: m.maxEntropyBits, mean_margin: m.meanMargin, low_confidence_ratio: m.lowConfidenceRatio, sudden_drops: m.suddenDrops,
        hotspot_count: m.hotspots.length, hotspots: JSON.stringify(m.hotspots.slice(0, 20)), flags: JSON.stringify(r.flags), flag_count: r.flags.length,
      }).returning("id").executeTakeFirstOrThrow();
      await layer.insertInto("response_tokens").values({ response_id: id, occurred_at: r.occurredAt, tokens_blob: blob(r.tokensBlob), prompt_tokens_blob: null }).execute();
      for (const tag of r.tags) await layer.insertInto("response_tags").values({ response_id: id, project_id: "p", tag, occurred_at: r.occurredAt }).execute();
    }
  }
}

/** Bytes per table with its indexes (PostgreSQL: every partition, TOAST included). */
async function sizes(layer: DataLayer, backend: Backend): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  if (backend === "postgres") {
    await sql`VACUUM ANALYZE`.execute(layer);
    // A partitioned table's own size is 0: sum its partitions (a plain table is its own only leaf).
    for (const table of TABLES) {
      const { rows } = await sql<{ bytes: number }>`SELECT SUM(pg_total_relation_size(c.oid)) AS bytes FROM pg_class c
        WHERE c.oid = ${table}::regclass OR c.oid IN (SELECT relid FROM pg_partition_tree(${table}::regclass))`.execute(layer);
      result[table] = Number(rows[0]?.bytes ?? 0);
    }
    const { rows } = await sql<{ bytes: number }>`SELECT SUM(pg_relation_size(relid)) AS bytes FROM pg_partition_tree('responses_output_text_trgm_idx'::regclass)`.execute(layer);
    result["(of responses: trigram index)"] = Number(rows[0]?.bytes ?? 0);
  } else {
    for (const table of TABLES.filter((t) => t !== "response_keys")) {
      const { rows } = await sql<{ bytes: number }>`SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name = ${table} OR name IN (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ${table})`.execute(layer);
      result[table] = Number(rows[0]?.bytes ?? 0);
    }
  }
  return result;
}

function report(backend: Backend, bytes: Record<string, number>): void {
  const total = Object.entries(bytes).reduce((sum, [table, n]) => (table.startsWith("(") ? sum : sum + n), 0);
  const cells = Object.entries(bytes).map(([table, n]) => `${table} ${(n / RESPONSES).toFixed(0)} B`);
  console.log(`${backend}: ${(total / RESPONSES).toFixed(0)} bytes/response (${(total / RESPONSES / TOKENS).toFixed(1)} B/token): ${cells.join(", ")}`);
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-sizes-"));
  try {
    const sqliteUrl = `file:${path.join(dir, "sizes.db")}`;
    migrate(sqlite(sqliteUrl));
    await load(db(sqliteUrl), "sqlite");
    report("sqlite", await sizes(db(sqliteUrl), "sqlite"));
    if (!findPgBinDir()) return console.log("postgres: skipped (no initdb/pg_ctl)");
    const cluster = await startPgCluster({ database: "sizes" });
    try {
      await migratePostgres(db(cluster.url));
      await load(db(cluster.url), "postgres");
      report("postgres", await sizes(db(cluster.url), "postgres"));
    } finally {
      await closeDatabases();
      cluster.stop();
    }
  } finally {
    closeSqlite();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
