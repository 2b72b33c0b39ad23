import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { resetEnvCache } from "@/lib/config/env";
import { DEFAULT_PROJECT_ID, ensureDefaultProject } from "@/lib/db/bootstrap";
import { db as dataLayer } from "@/lib/db/database";
import { writePreparedBatch } from "@/lib/db/ingestWriter";
import { migrate } from "@/lib/db/migrate";
import { closeSqlite, sqlite } from "@/lib/db/sqlite";
import { prepareRecord, type PreparedResponse } from "@/lib/ingest/prepare";
import { openAiChatPayloads } from "./openaiPayloads";
import { startBenchServer } from "./server";

/**
 * `npm run bench:overview`: the overview's API calls at 100,000 responses / 50M tokens (target:
 * ≤ 150 ms median each), and the token view's render time for a 4,000-token response with
 * top-20 alternatives (target: < 1 s). The dataset is built once into bench/out/ and reused.
 */
const RESPONSES = Number(process.env.BENCH_OVERVIEW_RESPONSES ?? 100_000);
const TOKENS = 500;
const DAYS = 30;
const API_KEY = "bench-key-0123456789abcdef";
const OUT = path.resolve("bench/out");
const DB_FILE = path.join(OUT, `overview-${RESPONSES}.db`);
const MODELS = ["gpt-4o-mini", "gpt-4.1", "llama-3.1-70b", "qwen2.5-72b", "mistral-large"];
const TAGS = ["rag", "chat", "extraction", "classifier", "agent", "support"];

async function buildDataset(now: number): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  process.env.DATABASE_URL = `file:${DB_FILE}.tmp`;
  resetEnvCache();
  const db = sqlite();
  migrate(db);
  await ensureDefaultProject(dataLayer());
  // A pool of real prepared responses (metrics, blobs, heatmap counts from 500 real-shaped
  // tokens each), stamped with spread-out times, models and tags.
  const pool = openAiChatPayloads(64, TOKENS, 99).map((payload) => prepareRecord(payload, { now, lengthNormAlpha: 0.7 })[0] as PreparedResponse);
  const span = DAYS * 86_400_000;
  const started = Date.now();
  for (let start = 0; start < RESPONSES; start += 2000) {
    const batch: PreparedResponse[][] = [];
    for (let i = start; i < Math.min(start + 2000, RESPONSES); i++) {
      const base = pool[i % pool.length] as PreparedResponse;
      batch.push([{
        ...base,
        externalId: `bench-${i}`,
        occurredAt: now - span + Math.floor((i / RESPONSES) * span),
        model: MODELS[i % MODELS.length] as string,
        tags: [TAGS[i % TAGS.length] as string],
      }]);
    }
    await writePreparedBatch(dataLayer(), DEFAULT_PROJECT_ID, batch, now);
    if (process.stderr.isTTY) process.stderr.write(`\rbuilding dataset: ${Math.min(start + 2000, RESPONSES)} / ${RESPONSES}`);
  }
  db.pragma("wal_checkpoint(TRUNCATE)");
  closeSqlite();
  fs.renameSync(`${DB_FILE}.tmp`, DB_FILE);
  console.log(`\nbuilt ${RESPONSES} responses (${(RESPONSES * TOKENS / 1e6).toFixed(0)}M tokens) in ${((Date.now() - started) / 1000).toFixed(0)} s: ${(fs.statSync(DB_FILE).size / 1e9).toFixed(2)} GB`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function timeEndpoint(base: string, pathAndQuery: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs + 1; run++) {
    const start = performance.now();
    const response = await fetch(`${base}${pathAndQuery}`, { headers: { authorization: `Bearer ${API_KEY}` } });
    if (!response.ok) throw new Error(`${pathAndQuery}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    if (run > 0) times.push(performance.now() - start); // the first call warms the route
  }
  return median(times);
}

const ADMIN = { email: "bench@loupe.test", password: "bench-admin-password" };
// The bench server (it inherits this environment) creates ADMIN when the dataset has no account yet.
process.env.LOUPE_ADMIN_EMAIL = ADMIN.email;
process.env.LOUPE_ADMIN_PASSWORD = ADMIN.password;

/** Signs ADMIN in through /api/auth/login; the session cookie, for the browser context. */
async function signIn(base: string): Promise<{ name: string; value: string; url: string }> {
  const response = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify(ADMIN) });
  if (!response.ok) throw new Error(`bench sign-in failed: ${response.status} ${await response.text()}`);
  const [pair = ""] = (response.headers.getSetCookie()[0] ?? "").split(";");
  const separator = pair.indexOf("=");
  if (separator <= 0) throw new Error("bench sign-in answered without a session cookie");
  return { name: pair.slice(0, separator), value: pair.slice(separator + 1), url: base };
}

async function tokenViewRenderMs(base: string): Promise<number> {
  // A 4,000-token response with top-20 alternatives, ingested through the API.
  const content = Array.from({ length: 4000 }, (_, i) => ({
    token: ` w${i % 997}`,
    logprob: -((i * 7919) % 1000) / 250,
    top_logprobs: Array.from({ length: 20 }, (_, k) => ({ token: k === 0 ? ` w${i % 997}` : ` alt${(i + k) % 503}`, logprob: k === 0 ? -((i * 7919) % 1000) / 250 : -1 - k * 0.5 })),
  }));
  const payload = { id: `bench-tokenview-${Date.now()}`, object: "chat.completion", created: Math.floor(Date.now() / 1000), model: "bench-4k", choices: [{ index: 0, finish_reason: "length", message: { role: "assistant", content: content.map((t) => t.token).join("") }, logprobs: { content } }] };
  const ingest = await fetch(`${base}/api/v1/ingest`, { method: "POST", headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" }, body: JSON.stringify(payload) });
  const id = ((await ingest.json()) as { results: Array<{ id: number }> }).results[0]?.id;
  const executablePath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((file) => fs.existsSync(file));
  const browser = await chromium.launch({ ...(executablePath && { executablePath }), args: ["--no-sandbox", "--disable-gpu"] });
  try {
    // Pages need a signed-in user: the admin main() creates through env, signed in over the API.
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addCookies([await signIn(base)]);
    const page = await context.newPage();
    await page.goto(`${base}/settings`); // sets the dashboard cookie, warms the server
    const times: number[] = [];
    for (let run = 0; run < 4; run++) {
      // Tokens arrive in pages of 2,000: a #t= link to the last one loads them all. The blank
      // page between runs makes each a full load (a same-URL #t= goto would only scroll).
      await page.goto("about:blank");
      const start = Date.now();
      await page.goto(`${base}/responses/${id}?project=${DEFAULT_PROJECT_ID}#t=3999`);
      await page.locator('[data-testid="token"][data-index="3999"]').waitFor({ state: "attached", timeout: 30_000 });
      await page.locator('[data-testid="token"][data-index="2"]').hover();
      await page.getByTestId("token-popover").waitFor({ state: "visible" });
      if (run > 0) times.push(Date.now() - start);
    }
    return median(times);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const now = Date.now();
  if (!fs.existsSync(DB_FILE)) await buildDataset(now);
  const server = await startBenchServer({ port: Number(process.env.BENCH_PORT ?? 3191), apiKey: API_KEY, databaseFile: DB_FILE });
  try {
    const to = Date.now();
    const ranges = { "7d": to - 7 * 86_400_000, "30d (all 100k)": to - DAYS * 86_400_000 - 86_400_000 };
    const results: Record<string, number> = {};
    for (const [label, from] of Object.entries(ranges)) {
      const q = `from=${from}&to=${to}`;
      for (const [name, endpoint] of [
        ["kpis", `/api/v1/stats/kpis?${q}`],
        ["timeseries", `/api/v1/stats/timeseries?${q}&groupBy=model`],
        ["histogram", `/api/v1/stats/histogram?${q}&metric=avgLogprob`],
        ["heatmap", `/api/v1/stats/heatmap?${q}`],
        ["alerts", `/api/v1/stats/alerts?${q}`],
        ["responses page", `/api/v1/responses?${q}&limit=50`],
        ["responses by perplexity", `/api/v1/responses?${q}&limit=50&sort=perplexity&order=desc`],
        ["responses text search", `/api/v1/responses?${q}&limit=50&q=zzqq`],
      ] as const) {
        const ms = await timeEndpoint(server.base, endpoint, 15);
        results[`${name} ${label}`] = Math.round(ms * 10) / 10;
        console.log(`${`${name} [${label}]`.padEnd(34)} median ${ms.toFixed(1)} ms`);
      }
    }
    const renderMs = await tokenViewRenderMs(server.base);
    console.log(`token view, 4,000 tokens x top-20: ${renderMs} ms to all tokens attached and a hover popover open (median of 3 warm loads)`);
    const worst = Math.max(...Object.values(results));
    console.log(JSON.stringify({ responses: RESPONSES, tokens: RESPONSES * TOKENS, worstMedianMs: worst, tokenViewRenderMs: renderMs, medians: results }));
  } finally {
    await server.stop();
    server.cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
