import http from "node:http";
import os from "node:os";
import pg from "pg";
import { startPgCluster, type PgCluster } from "@/lib/db/pgCluster";
import { openAiChatPayloads } from "./openaiPayloads";
import { startBenchServer } from "./server";

/**
 * `npm run bench:scale` (issue 8): BENCH_RESPONSES (default 1,000,000) OpenAI chat responses of
 * 200 tokens with top-5 alternatives, over 30 days, 5 models, 6 tags, POSTed to the HTTP ingest
 * API of a server on PostgreSQL (a throwaway cluster, or DATABASE_URL when it is a postgresql://
 * URL of an empty database), BENCH_CONCURRENCY requests in flight. Then every overview, explorer
 * and token-view API call over 7 and 30 days, 20 timed calls each (median, p95), beside the same
 * on SQLite at BENCH_SQLITE_RESPONSES (default 100,000; 0 skips). Prints the load rate against
 * a same-run JSON.parse of the same bodies and bytes per token of the token table on disk.
 *
 * Bodies are built as bytes from a pool of pre-rendered responses (one envelope per record:
 * its own id, time, model and tag), one body per request as it is sent: memory stays bounded
 * at any N.
 */
const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 1_000_000);
const SQLITE_RESPONSES = Number(process.env.BENCH_SQLITE_RESPONSES ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const BATCH = Number(process.env.BENCH_BATCH ?? 50);
const TOKENS = 200;
const DAYS = 30;
const DAY = 86_400_000;
const POOL = 256;
const RUNS = 20;
const API_KEY = "bench-scale-key-0123456789";
const MODELS = ["gpt-4o-mini", "gpt-4.1", "llama-3.1-70b", "qwen2.5-72b", "mistral-large"];
const TAGS = ["rag", "chat", "extraction", "classifier", "agent", "support"];
/** JSON.parse is timed over at most this many bytes of the bodies (an even stride through them). */
const PARSE_SAMPLE_BYTES = 1e9;
const TARGET = { p95Ms: 300, bytesPerToken: 48, ratio: 0.5 };

/**
 * The records of body `b` of a load of `total` responses ending at `now`, as UTF-8 bytes: each
 * record's envelope text around a pre-encoded pool response, joined with Buffer.concat. The
 * client shares the machine's cores with the server and PostgreSQL, so it builds bytes (a copy)
 * rather than a 5 MB string per request that fetch would then encode again.
 */
function bodyMaker(total: number, now: number) {
  const pool = openAiChatPayloads(POOL, TOKENS, 11).map((payload) => Buffer.from(JSON.stringify(payload)));
  const span = DAYS * DAY;
  const bodies = Math.ceil(total / BATCH);
  const open = Buffer.from(`{"records":[`);
  const close = Buffer.from("}]}");
  const between = Buffer.from("},");
  return {
    bodies,
    body(b: number): { bytes: Buffer; records: number } {
      const parts: Buffer[] = [open];
      let records = 0;
      for (let i = b * BATCH; i < Math.min(total, (b + 1) * BATCH); i++) {
        const occurredAt = now - span + Math.floor((i / total) * span);
        if (records++ > 0) parts.push(between);
        parts.push(Buffer.from(`{"id":"scale-${i}","timestamp":${occurredAt},"model":"${MODELS[i % MODELS.length]}","tags":["${TAGS[i % TAGS.length]}"],"response":`), pool[i % POOL] as Buffer);
      }
      parts.push(close);
      return { bytes: Buffer.concat(parts), records };
    },
  };
}

/** JSON.parse's rate over the bodies (all of them, or an even stride up to PARSE_SAMPLE_BYTES), best of 3. */
function parseRate(maker: ReturnType<typeof bodyMaker>): { tokensPerSec: number; bytes: number; sampled: boolean } {
  const perBody = maker.body(0).bytes.length;
  const stride = Math.max(1, Math.ceil((maker.bodies * perBody) / PARSE_SAMPLE_BYTES));
  const sample: Array<{ text: string; records: number }> = [];
  for (let b = 0; b < maker.bodies; b += stride) {
    const body = maker.body(b);
    sample.push({ text: body.bytes.toString("utf8"), records: body.records });
  }
  const bytes = sample.reduce((sum, body) => sum + Buffer.byteLength(body.text), 0);
  const tokens = sample.reduce((sum, body) => sum + body.records * TOKENS, 0);
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    for (const body of sample) JSON.parse(body.text);
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return { tokensPerSec: tokens / best, bytes, sampled: stride > 1 };
}

/** POSTs `body` to the ingest API over `agent`; resolves with the status and the JSON answer. */
function post(base: URL, agent: http.Agent, body: Buffer): Promise<{ status: number; summary: { ingested?: number; errors?: number } }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: base.hostname, port: base.port, path: "/api/v1/ingest", method: "POST", agent, headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json", "content-length": body.length } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          try {
            resolve({ status: response.statusCode ?? 0, summary: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
          } catch (error) {
            reject(error);
          }
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** POSTs every body, CONCURRENCY in flight on kept-alive connections; returns the seconds taken. */
async function load(base: string, maker: ReturnType<typeof bodyMaker>, expected: number, label: string): Promise<number> {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let next = 0;
  let ingested = 0;
  const start = performance.now();
  let lastReport = start;
  const sender = async () => {
    while (next < maker.bodies) {
      const { bytes } = maker.body(next++);
      const { status, summary } = await post(url, agent, bytes);
      if (status !== 200 || summary.errors !== 0) throw new Error(`ingest failed: ${status} ${JSON.stringify(summary).slice(0, 300)}`);
      ingested += summary.ingested ?? 0;
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        const seconds = (lastReport - start) / 1000;
        console.error(`[${label}] ${ingested.toLocaleString("en-US")} responses in ${seconds.toFixed(0)} s (${Math.round((ingested * TOKENS) / seconds).toLocaleString("en-US")} tokens/s)`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, sender));
  } finally {
    agent.destroy();
  }
  if (ingested !== expected) throw new Error(`[${label}] expected ${expected} responses ingested, got ${ingested}`);
  return (performance.now() - start) / 1000;
}

interface Timing {
  median: number;
  p95: number;
}

async function timeCall(base: string, pathAndQuery: string): Promise<Timing> {
  const times: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const start = performance.now();
    const response = await fetch(`${base}${pathAndQuery}`, { headers: { authorization: `Bearer ${API_KEY}` } });
    if (!response.ok) throw new Error(`${pathAndQuery}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    if (run > 0) times.push(performance.now() - start); // the first call warms the route
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] as number, p95: times[Math.ceil(times.length * 0.95) - 1] as number };
}

/** Every call the overview, explorer and token view make, over the last 7 and the whole 30 days. */
async function timeCalls(base: string, now: number): Promise<Map<string, Timing>> {
  const results = new Map<string, Timing>();
  for (const [label, days] of [["7d", 7], ["30d", DAYS + 1]] as const) {
    const q = `from=${now - days * DAY}&to=${now + 60_000}`;
    const page = await fetch(`${base}/api/v1/responses?${q}&limit=1`, { headers: { authorization: `Bearer ${API_KEY}` } });
    const first = ((await page.json()) as { data: Array<{ id: number }> }).data[0];
    if (!first) throw new Error(`no response in the ${label} range`);
    for (const [name, call] of [
      ["kpis", `/api/v1/stats/kpis?${q}`],
      ["timeseries", `/api/v1/stats/timeseries?${q}&groupBy=model`],
      ["histogram", `/api/v1/stats/histogram?${q}&metric=avgLogprob`],
      ["heatmap", `/api/v1/stats/heatmap?${q}`],
      ["alerts", `/api/v1/stats/alerts?${q}`],
      ["facets", `/api/v1/facets?${q}`],
      ["explorer page", `/api/v1/responses?${q}&limit=50`],
      ["explorer by perplexity", `/api/v1/responses?${q}&limit=50&sort=perplexity&order=desc`],
      ["explorer text search", `/api/v1/responses?${q}&limit=50&q=zzqq`],
      ["explorer count", `/api/v1/responses/count?${q}`],
      ["token view", `/api/v1/responses/${first.id}`],
    ] as const) {
      results.set(`${name} [${label}]`, await timeCall(base, call));
    }
  }
  return results;
}

/** The token table's partitions with their indexes and TOAST, and the tokens stored (after ANALYZE, as autovacuum would have run). */
async function postgresTokenBytes(url: string): Promise<{ bytes: number; tokens: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("ANALYZE");
    const size = await client.query<{ bytes: string }>(`SELECT COALESCE(SUM(pg_total_relation_size(relid)), 0) AS bytes FROM pg_partition_tree('response_tokens'::regclass)`);
    const stored = await client.query<{ n: string }>(`SELECT COALESCE(SUM(token_count), 0) AS n FROM responses`);
    return { bytes: Number(size.rows[0]?.bytes), tokens: Number(stored.rows[0]?.n) };
  } finally {
    await client.end();
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (t: Timing | undefined) => (t ? `${t.median.toFixed(1).padStart(7)} / ${t.p95.toFixed(1).padStart(7)}` : "".padStart(17));

async function runBackend(label: string, total: number, databaseUrl: string | undefined, now: number) {
  const maker = bodyMaker(total, now);
  const parse = parseRate(maker);
  const server = await startBenchServer({ port: Number(process.env.BENCH_PORT ?? 3192), apiKey: API_KEY, databaseUrl });
  try {
    const seconds = await load(server.base, maker, total, label);
    const tokensPerSec = (total * TOKENS) / seconds;
    const storage = databaseUrl ? await postgresTokenBytes(databaseUrl) : null;
    const calls = await timeCalls(server.base, now);
    return { total, seconds, tokensPerSec, parse, storage, calls };
  } finally {
    await server.stop();
    server.cleanup();
  }
}

async function main(): Promise<void> {
  // Unlimited for the load (the default 1,200 requests a minute would pace it); no demo data.
  process.env.LOUPE_INGEST_RATE_PER_MINUTE = "0";
  const now = Date.now();
  const givenUrl = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "") ? process.env.DATABASE_URL : undefined;
  let cluster: PgCluster | undefined;
  try {
    if (!givenUrl) cluster = await startPgCluster({ database: "loupe_scale" });
    const pgUrl = givenUrl ?? (cluster as PgCluster).url;
    console.error(`PostgreSQL: ${givenUrl ? "DATABASE_URL" : `throwaway cluster in ${cluster?.dir}`}; loading ${fmt(RESPONSES)} responses`);
    const postgres = await runBackend("postgres", RESPONSES, pgUrl, now);
    cluster?.stop();
    cluster = undefined;

    let sqlite: Awaited<ReturnType<typeof runBackend>> | null = null;
    if (SQLITE_RESPONSES > 0) {
      console.error(`SQLite: loading ${fmt(SQLITE_RESPONSES)} responses`);
      sqlite = await runBackend("sqlite", SQLITE_RESPONSES, undefined, now);
    }

    const ratio = postgres.tokensPerSec / postgres.parse.tokensPerSec;
    const bytesPerToken = postgres.storage ? postgres.storage.bytes / postgres.storage.tokens : NaN;
    console.log(`\nbench:scale on ${os.availableParallelism()} cores: ${TOKENS} tokens per response, top-5, ${DAYS} days, ${MODELS.length} models, ${TAGS.length} tags; ${BATCH} records per request, ${CONCURRENCY} in flight`);
    for (const run of [postgres, sqlite]) {
      if (!run) continue;
      const name = run === postgres ? "PostgreSQL" : "SQLite";
      const runRatio = run.tokensPerSec / run.parse.tokensPerSec;
      console.log(`${name}, ${fmt(run.total)} responses: loaded in ${run.seconds.toFixed(0)} s = ${fmt(run.tokensPerSec)} tokens/s; JSON.parse of the same bodies${run.parse.sampled ? ` (an even sample of ${(run.parse.bytes / 1e9).toFixed(1)} GB)` : ""} ${fmt(run.parse.tokensPerSec)} tokens/s; ratio ${runRatio.toFixed(3)}${run === postgres ? ` (target >= ${TARGET.ratio})` : ""}`);
    }
    console.log(`PostgreSQL token storage: ${bytesPerToken.toFixed(1)} bytes/token (response_tokens partitions with indexes and TOAST, pg_total_relation_size; target <= ${TARGET.bytesPerToken})`);
    const rateFor1M = (1_000_000 * TOKENS) / postgres.tokensPerSec;
    console.log(`at the measured PostgreSQL rate, 1,000,000 responses load in ${(rateFor1M / 60).toFixed(0)} min here`);

    console.log(`\n${"call".padEnd(32)} ${`PostgreSQL ${fmt(postgres.total)}: median / p95 ms`.padEnd(36)} ${"target p95".padEnd(11)} ${sqlite ? `SQLite ${fmt(sqlite.total)}: median / p95 ms` : ""}`);
    let worst = 0;
    for (const [call, timing] of postgres.calls) {
      worst = Math.max(worst, timing.p95);
      const verdict = timing.p95 <= TARGET.p95Ms ? "ok" : "OVER";
      console.log(`${call.padEnd(32)} ${ms(timing).padEnd(36)} ${`<= ${TARGET.p95Ms} ${verdict}`.padEnd(11)} ${ms(sqlite?.calls.get(call))}`);
    }
    console.log(
      JSON.stringify({
        responses: postgres.total,
        tokensPerSec: Math.round(postgres.tokensPerSec),
        parseTokensPerSec: Math.round(postgres.parse.tokensPerSec),
        ratio: Number(ratio.toFixed(3)),
        bytesPerToken: Number(bytesPerToken.toFixed(1)),
        worstP95Ms: Number(worst.toFixed(1)),
        sqliteResponses: sqlite?.total ?? 0,
        sqliteWorstP95Ms: sqlite ? Number(Math.max(...[...sqlite.calls.values()].map((t) => t.p95)).toFixed(1)) : null,
      }),
    );
  } finally {
    cluster?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
