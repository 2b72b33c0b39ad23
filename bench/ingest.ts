import Database from "better-sqlite3";
import fs from "node:fs";
import pg from "pg";
import { openAiChatPayloads } from "./openaiPayloads";
import { startBenchServer } from "./server";

/**
 * `npm run bench:ingest`: OpenAI chat responses of 500 tokens with top-5 alternatives, POSTed
 * to the HTTP API in batches, into a fresh database. Prints tokens/s end to end, JSON.parse's
 * rate over the same bytes, their ratio (target ≥ 0.5) and bytes per token on disk (≤ 48).
 * On SQLite by default; BENCH_DATABASE_URL=postgresql://… (an empty database, e.g. in a
 * `npm run pg:dev` cluster) runs it on PostgreSQL.
 *
 * The load lasts ~30 s (BENCH_RESPONSES, default 6,000): a 3-second load moved by a tenth
 * between two runs of one build. Records are POOL rendered responses, each sent
 * RESPONSES / POOL times under an id of its own, and bodies are built as they are sent, so
 * memory stays flat; JSON.parse is timed over the pool's bodies, the same bytes but for the ids.
 */
const DATABASE_URL = process.env.BENCH_DATABASE_URL;
const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 6_000);
const POOL = 600;
const TOKENS = 500;
const BATCH = 20;
/** Requests in flight at once, as a batch uploader would send them. */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);
const API_KEY = "bench-key-0123456789abcdef";

/** Body `b`: records b*BATCH… of the pool, each with its own id (the pool's ids end in `-{n}"`). */
function bodyMaker(pool: readonly string[]) {
  return (b: number): string => {
    const records: string[] = [];
    for (let i = b * BATCH; i < Math.min(RESPONSES, (b + 1) * BATCH); i++) {
      const record = pool[i % pool.length] as string;
      records.push(i < pool.length ? record : record.replace(/^\{"id":"([^"]+)"/, `{"id":"$1-r${Math.floor(i / pool.length)}"`));
    }
    return `{"records":[${records.join(",")}]}`;
  };
}

async function main(): Promise<void> {
const pool = openAiChatPayloads(Math.min(POOL, RESPONSES), TOKENS).map((payload) => JSON.stringify(payload));
if (!pool.every((record) => record.startsWith('{"id":"'))) throw new Error("bench payloads no longer start with their id");
const body = bodyMaker(pool);
const bodyCount = Math.ceil(RESPONSES / BATCH);
const totalTokens = RESPONSES * TOKENS;

// The floor: JSON.parse of the pool's bodies (the same bytes, ids aside), best of three runs.
const parseBodies = Array.from({ length: Math.ceil(pool.length / BATCH) }, (_, b) => body(b));
const parseTokens = pool.length * TOKENS;
const bytesPerToken = parseBodies.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / parseTokens;
let parseSeconds = Infinity;
for (let run = 0; run < 3; run++) {
  const start = process.hrtime.bigint();
  for (const text of parseBodies) JSON.parse(text);
  parseSeconds = Math.min(parseSeconds, Number(process.hrtime.bigint() - start) / 1e9);
}
parseBodies.length = 0;

const server = await startBenchServer({ port: Number(process.env.BENCH_PORT ?? 3190), apiKey: API_KEY, databaseUrl: DATABASE_URL });
try {
  // Warm-up request (route compilation, statement preparation) on a separate id space.
  const warm = JSON.stringify({ records: openAiChatPayloads(2, TOKENS, 7) });
  await fetch(`${server.base}/api/v1/ingest`, { method: "POST", headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" }, body: warm });

  const start = process.hrtime.bigint();
  let ingested = 0;
  let next = 0;
  const sender = async () => {
    while (next < bodyCount) {
      const response = await fetch(`${server.base}/api/v1/ingest`, {
        method: "POST",
        headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
        body: body(next++),
      });
      const summary = (await response.json()) as { ingested: number; errors: number };
      if (!response.ok || summary.errors > 0) throw new Error(`ingest failed: ${response.status} ${JSON.stringify(summary).slice(0, 300)}`);
      ingested += summary.ingested;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, sender));
  const ingestSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (ingested !== RESPONSES) throw new Error(`expected ${RESPONSES} ingested, got ${ingested}`);

  await server.stop();
  const { tokenBytes, storedTokens, databaseBytes } = DATABASE_URL ? await postgresSizes(DATABASE_URL) : sqliteSizes(server.databaseFile);
  const tokensPerSec = totalTokens / ingestSeconds;
  const parseTokensPerSec = parseTokens / parseSeconds;
  const storedBytesPerToken = tokenBytes / storedTokens;
  console.log(`responses: ${RESPONSES} x ${TOKENS} tokens, top-5 (${pool.length} rendered, each sent ${Math.ceil(RESPONSES / pool.length)}x under its own id); ${bodyCount} requests of ${BATCH}, ${CONCURRENCY} in flight; ${((bytesPerToken * totalTokens) / 1e6).toFixed(0)} MB JSON (${bytesPerToken.toFixed(0)} B/token)`);
  console.log(`ingest through HTTP API: ${ingestSeconds.toFixed(2)} s = ${Math.round(tokensPerSec).toLocaleString("en-US")} tokens/s`);
  console.log(`JSON.parse of the same bytes: ${parseSeconds.toFixed(2)} s = ${Math.round(parseTokensPerSec).toLocaleString("en-US")} tokens/s`);
  console.log(`ratio ingest/parse: ${(tokensPerSec / parseTokensPerSec).toFixed(3)} (target >= 0.5)`);
  console.log(`token storage: ${storedBytesPerToken.toFixed(1)} bytes/token (response_tokens table + indexes; target <= 48); whole database: ${(databaseBytes / storedTokens).toFixed(1)} bytes/token (${DATABASE_URL ? "PostgreSQL" : "SQLite"})`);
  console.log(JSON.stringify({ tokensPerSec: Math.round(tokensPerSec), parseTokensPerSec: Math.round(parseTokensPerSec), ratio: Number((tokensPerSec / parseTokensPerSec).toFixed(3)), bytesPerToken: Number(storedBytesPerToken.toFixed(1)) }));
} finally {
  await server.stop();
  server.cleanup();
}
}

/** The token table and its indexes, the stored tokens, and the whole file. */
function sqliteSizes(file: string) {
  const db = new Database(file, { readonly: false });
  db.pragma("wal_checkpoint(TRUNCATE)");
  const tokenTables = db
    .prepare(`SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name IN ('response_tokens', 'sqlite_autoindex_response_tokens_1', 'response_tokens_occurred_at_idx')`)
    .get() as { bytes: number };
  const storedTokens = (db.prepare(`SELECT SUM(token_count) AS n FROM responses`).get() as { n: number }).n;
  db.close();
  return { tokenBytes: tokenTables.bytes, storedTokens, databaseBytes: fs.statSync(file).size };
}

/** The same on PostgreSQL: the token table's partitions with their indexes and TOAST, and the database. */
async function postgresSizes(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tokens = await client.query<{ bytes: string }>(`SELECT COALESCE(SUM(pg_total_relation_size(i.inhrelid)), 0) AS bytes
      FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'response_tokens'`);
    const stored = await client.query<{ n: string }>(`SELECT SUM(token_count) AS n FROM responses`);
    const database = await client.query<{ bytes: string }>(`SELECT pg_database_size(current_database()) AS bytes`);
    return { tokenBytes: Number(tokens.rows[0]?.bytes), storedTokens: Number(stored.rows[0]?.n), databaseBytes: Number(database.rows[0]?.bytes) };
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
