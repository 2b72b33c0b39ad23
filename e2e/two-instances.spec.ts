import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { sql } from "kysely";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { createDataLayer, type DataLayer } from "@/lib/db/database";
import { findPgBinDir, startPgCluster, type PgCluster } from "@/lib/db/pgCluster";
import { positionBucket, probBucket } from "@/lib/metrics/heatmapBuckets";
import { decodeTokens } from "@/lib/storage/tokenBlob";
import { openAiChatPayloads } from "../bench/openaiPayloads";
import { startLoupeInstance, type LoupeInstance } from "./loupeInstance";
import { rollupsAndRecount } from "../tests/rollupRecount";

/**
 * Two Loupe servers on one PostgreSQL database, as behind a load balancer (issue 8): both ingest
 * at once, several requests in flight on each, a third of the records sent to both. Proves
 * nothing is lost or stored twice (the read API and a direct count), every rollup row equals a
 * recount from the stored responses and token blobs, and the ingest rate limit holds across
 * both servers (one bucket per key in the database, not one per process).
 *
 * Its own throwaway cluster (lib/db/pgCluster.ts); skipped with the reason when the PostgreSQL
 * binaries are absent, failed instead under LOUPE_TEST_PG=require (.ci/run).
 */
const API_KEY = "two-instances-key-0123456789";
const ADMIN = { email: "admin@two.test", password: "two-instances-password" };
/** Per key and minute, on both servers; the ingest phase sends fewer requests than this. */
const RATE_PER_MINUTE = 30;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const MODELS = ["gpt-4o-mini", "llama-3.1-70b", "mistral-large"];
const TAGS = ["rag", "chat", "agent", "eval"];
const RECORDS_PER_BODY = 25;
const BODIES = 12; // 300 records
const TOKENS = 40;
const IN_FLIGHT = 4;

const pgMode = process.env.LOUPE_TEST_PG ?? "auto";
const pgBinDir = findPgBinDir();
const skipReason =
  pgMode === "skip" ? "LOUPE_TEST_PG=skip" : !pgBinDir && pgMode !== "require" ? "PostgreSQL binaries not installed (initdb, pg_ctl); install Debian's postgresql package or set LOUPE_TEST_PG=require to fail" : null;

test.describe.configure({ mode: "serial" });
test.skip(skipReason !== null, skipReason ?? "");

let cluster: PgCluster | undefined;
let layer: DataLayer | undefined;
let servers: LoupeInstance[] = [];
let clients: APIRequestContext[] = [];

test.beforeAll(async () => {
  test.setTimeout(150_000);
  if (pgMode === "require" && !pgBinDir) throw new Error("LOUPE_TEST_PG=require but the PostgreSQL binaries (initdb, pg_ctl) are not installed");
  cluster = await startPgCluster({ database: "loupe_two_instances" });
  const env = {
    DATABASE_URL: cluster.url,
    LOUPE_API_KEY: API_KEY,
    LOUPE_ADMIN_EMAIL: ADMIN.email,
    LOUPE_ADMIN_PASSWORD: ADMIN.password,
    LOUPE_DEMO: "0",
    LOUPE_INGEST_RATE_PER_MINUTE: String(RATE_PER_MINUTE),
  };
  // Started at once, as a deployment rolls out two instances: both migrate and bootstrap.
  const started = await Promise.allSettled([startLoupeInstance(env), startLoupeInstance(env)]);
  servers = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const failed = started.find((result) => result.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  clients = await Promise.all(servers.map((server) => playwrightRequest.newContext({ baseURL: server.base, storageState: { cookies: [], origins: [] } })));
  layer = createDataLayer(cluster.url);
});

test.afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await Promise.all(servers.map((server) => server.stop()));
  await layer?.destroy();
  cluster?.stop();
});

/** Envelope records over the last 6 hours, 3 models, 2 tags each: several rollup rows, each hit by both servers. */
function records(): object[] {
  const now = Date.now();
  return openAiChatPayloads(BODIES * RECORDS_PER_BODY, TOKENS, 8).map((response, i) => ({
    id: `two-${i}`,
    timestamp: now - (i % 6) * HOUR - (i % 50) * 1000,
    model: MODELS[i % MODELS.length],
    tags: [TAGS[i % TAGS.length], TAGS[(i + 1) % TAGS.length]],
    response,
  }));
}

/** Sends every body through `client`, `IN_FLIGHT` requests at a time; the answers in body order. */
async function sendAll(client: APIRequestContext, bodies: string[], key: string): Promise<APIResponse[]> {
  const answers: APIResponse[] = new Array(bodies.length);
  let next = 0;
  const sender = async () => {
    while (next < bodies.length) {
      const index = next++;
      answers[index] = await client.post("/api/v1/ingest", { headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, data: bodies[index] });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
  return answers;
}

interface Summary {
  ingested: number;
  duplicates: number;
  errors: number;
  results: Array<{ index: number; id?: number; duplicate?: true; error?: unknown }>;
}

test("two servers ingesting at once into one PostgreSQL lose nothing, store nothing twice, and keep every rollup equal to a recount", async () => {
  test.setTimeout(90_000);
  const all = records();
  const bodies = Array.from({ length: BODIES }, (_, b) => JSON.stringify({ records: all.slice(b * RECORDS_PER_BODY, (b + 1) * RECORDS_PER_BODY) }));
  // Server A gets bodies 0-7, server B bodies 4-11: bodies 4-7 (100 records) go to both at once.
  const split = [bodies.slice(0, 8), bodies.slice(4)];
  const offsets = [0, 4];
  const [a, b] = clients as [APIRequestContext, APIRequestContext];
  const answers = await Promise.all([sendAll(a, split[0] as string[], API_KEY), sendAll(b, split[1] as string[], API_KEY)]);

  // Every record has one id, the same whichever server answered; exactly one answer stored it.
  const idsByRecord = new Map<number, Set<number>>();
  let ingested = 0;
  let duplicates = 0;
  for (const [server, serverAnswers] of answers.entries()) {
    for (const [n, answer] of serverAnswers.entries()) {
      expect(answer.status(), await answer.text()).toBe(200);
      const summary = (await answer.json()) as Summary;
      expect(summary.errors).toBe(0);
      ingested += summary.ingested;
      duplicates += summary.duplicates;
      for (const result of summary.results) {
        const record = ((offsets[server] as number) + n) * RECORDS_PER_BODY + result.index;
        const ids = idsByRecord.get(record) ?? new Set<number>();
        ids.add(result.id as number);
        idsByRecord.set(record, ids);
      }
    }
  }
  expect(idsByRecord.size).toBe(all.length);
  expect([...idsByRecord.values()].filter((ids) => ids.size !== 1)).toEqual([]);
  expect(new Set([...idsByRecord.values()].flatMap((ids) => [...ids])).size).toBe(all.length);
  expect(ingested).toBe(all.length);
  expect(duplicates).toBe(4 * RECORDS_PER_BODY);

  // The read API of both servers, then the tables themselves.
  for (const client of clients) {
    const count = await client.get(`/api/v1/responses/count?from=${Date.now() - 7 * HOUR}&to=${Date.now() + HOUR}`, { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(count.status(), await count.text()).toBe(200);
    expect(((await count.json()) as { total: number }).total).toBe(all.length);
  }
  const database = layer as DataLayer;
  const counts = await sql<{ responses: number; distinct_ids: number; tokens: number; tags: number }>`SELECT
      (SELECT COUNT(*) FROM responses) AS responses,
      (SELECT COUNT(DISTINCT external_id) FROM responses) AS distinct_ids,
      (SELECT COUNT(*) FROM response_tokens) AS tokens,
      (SELECT COUNT(*) FROM response_tags) AS tags`.execute(database);
  expect(counts.rows[0]).toEqual({ responses: all.length, distinct_ids: all.length, tokens: all.length, tags: 2 * all.length });

  // Hourly rollups (every response, and per tag) and metric bins against a recount from `responses`.
  const { hourly, bins } = await rollupsAndRecount(database);
  expect(hourly.stored.length).toBeGreaterThanOrEqual(6);
  expect(hourly.stored).toEqual(hourly.recount);
  expect(bins.stored).toEqual(bins.recount);

  // Heatmap cells (by hour, and by UTC day) against a recount from every stored token blob.
  const recountedCells = new Map<string, number>();
  const recountedDailyCells = new Map<string, number>();
  const stored = await database
    .selectFrom("responses")
    .innerJoin("response_tokens", (join) => join.onRef("response_tokens.response_id", "=", "responses.id").onRef("response_tokens.occurred_at", "=", "responses.occurred_at"))
    .select(["responses.occurred_at", "responses.model", "response_tokens.tokens_blob"])
    .execute();
  expect(stored.length).toBe(all.length);
  for (const row of stored) {
    decodeTokens(row.tokens_blob).forEach((token, position) => {
      if (token.logprob === null) return;
      const cell = `${row.model}|${positionBucket(position)}|${probBucket(Math.exp(token.logprob))}`;
      const hourKey = `${Math.floor(row.occurred_at / HOUR) * HOUR}|${cell}`;
      const dayKey = `${Math.floor(row.occurred_at / DAY) * DAY}|${cell}`;
      recountedCells.set(hourKey, (recountedCells.get(hourKey) ?? 0) + 1);
      recountedDailyCells.set(dayKey, (recountedDailyCells.get(dayKey) ?? 0) + 1);
    });
  }
  const cells = await database.selectFrom("token_position_cells").select(["bucket_start", "model", "position_bucket", "prob_bucket", "token_count"]).execute();
  const storedCells = new Map(cells.map((cell) => [`${cell.bucket_start}|${cell.model}|${cell.position_bucket}|${cell.prob_bucket}`, cell.token_count]));
  expect(storedCells.size).toBeGreaterThan(0);
  expect(Object.fromEntries([...storedCells].sort())).toEqual(Object.fromEntries([...recountedCells].sort()));
  const dailyCells = await database.selectFrom("token_position_daily_cells").select(["day_start", "model", "position_bucket", "prob_bucket", "token_count"]).execute();
  const storedDailyCells = new Map(dailyCells.map((cell) => [`${cell.day_start}|${cell.model}|${cell.position_bucket}|${cell.prob_bucket}`, cell.token_count]));
  expect(Object.fromEntries([...storedDailyCells].sort())).toEqual(Object.fromEntries([...recountedDailyCells].sort()));
});

test("the ingest rate limit holds across both servers: one bucket per key, the rest 429 with Retry-After", async () => {
  test.setTimeout(60_000);
  const [a, b] = clients as [APIRequestContext, APIRequestContext];
  // A fresh key, so its bucket starts full whatever the first test spent: created on server B
  // with a session opened on server A (sessions are shared as well).
  const login = await a.post("/api/auth/login", { headers: { origin: (servers[0] as LoupeInstance).base }, data: ADMIN });
  expect(login.status(), await login.text()).toBe(200);
  const cookie = (login.headers()["set-cookie"] ?? "").split(";")[0] as string;
  const created = await b.post(`/api/v1/projects/${DEFAULT_PROJECT_ID}/keys`, {
    headers: { cookie, origin: (servers[1] as LoupeInstance).base },
    data: { name: "rate", scopes: ["ingest"] },
  });
  expect(created.status(), await created.text()).toBe(201);
  const key = ((await created.json()) as { key: string }).key;

  // 25 single-record requests on each server: per process, each would accept all 25.
  const perServer = 25;
  const body = (n: number) => JSON.stringify({ id: `rate-${n}`, response: openAiChatPayloads(1, 5, 1000 + n)[0] });
  const started = performance.now();
  const answers = await Promise.all([
    sendAll(a, Array.from({ length: perServer }, (_, n) => body(n)), key),
    sendAll(b, Array.from({ length: perServer }, (_, n) => body(perServer + n)), key),
  ]);
  const elapsedMinutes = (performance.now() - started) / 60_000;
  const flat = answers.flat();
  const accepted = flat.filter((answer) => answer.status() === 200);
  const refused = flat.filter((answer) => answer.status() !== 200);
  for (const answer of refused) {
    expect(answer.status()).toBe(429);
    expect(Number(answer.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
  }
  // The bucket holds a minute's worth and refills continuously while the requests run.
  const allowance = RATE_PER_MINUTE + Math.ceil(elapsedMinutes * RATE_PER_MINUTE);
  expect(accepted.length).toBeGreaterThanOrEqual(RATE_PER_MINUTE);
  expect(accepted.length).toBeLessThanOrEqual(allowance);
  expect(refused.length).toBe(2 * perServer - accepted.length);

  // What was accepted is stored, once; what was refused is not.
  const stored = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM responses WHERE external_id LIKE 'rate-%'`.execute(layer as DataLayer);
  expect(stored.rows[0]?.n).toBe(accepted.length);
});
