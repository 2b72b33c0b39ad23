import { Worker } from "node:worker_threads";
import { startBenchServer } from "./server";

/**
 * `npm run bench:abuse`: the loads of issue 7 item 1, each against a fresh production server
 * on loopback, while /api/health is probed every 50 ms. Prints the worst and median health
 * latency during each load against the 250 ms target. Every load stops at its deadline.
 *
 * 1. ten ~19.6 MB records whose metadata holds 1.15 M keys (refused now), then 200 records at
 *    every per-record cap (metadata, messages, params, tags) and the list read over them;
 * 2. one 170,000-token record, then (measured apart) 30 parallel token-view GETs of it;
 * 3. one batch of 2,300 records with 32 tags each (the cap), and the same with 64 (refused);
 * 4. a list page refreshed in a loop (4 tabs of the Responses page, no 5 s pause).
 */
const API_KEY = "bench-abuse-key-0123456789";
const PORT = Number(process.env.BENCH_PORT ?? 3191);
const TARGET_MS = 250;
const LOAD_DEADLINE_MS = Number(process.env.BENCH_LOAD_SECONDS ?? 60) * 1000;

const MiB = 1024 * 1024;
const headers = { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" };

function chat(id: string, tokens: number, token = " a") {
  const entry = `{"token":${JSON.stringify(token)},"logprob":-0.1,"bytes":null,"top_logprobs":[{"token":${JSON.stringify(token)},"logprob":-0.1},{"token":" b","logprob":-2.4}]}`;
  return `{"id":${JSON.stringify(id)},"object":"chat.completion","created":1733743961,"model":"bench-abuse","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":${JSON.stringify(token.repeat(tokens))}},"logprobs":{"content":[${Array.from({ length: tokens }, () => entry).join(",")}]}}]}`;
}

/** An envelope of ~19.6 MB whose metadata is one object of 1.15 M keys, built as text (once). */
let hugeMetadata: string | undefined;
function hugeMetadataRecord(n: number): string {
  if (!hugeMetadata) {
    const keys: string[] = [];
    for (let i = 0; i < 1_150_000; i++) keys.push(`"key_${String(i).padStart(7, "0")}":${i}`);
    hugeMetadata = `{${keys.join(",")}}`;
  }
  return `{"id":"huge-${n}","metadata":${hugeMetadata},"response":${chat(`huge-${n}`, 1)}}`;
}

/** A record at every default cap: 64 KiB / 256-key metadata, 1 MiB messages, 64 KiB params, 32 tags. */
function recordAtCaps(n: number): string {
  const metadata = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`k${i}`, "m".repeat(240)]));
  const messages = [{ role: "user", content: "q".repeat(MiB - 1_000) }];
  const params = { tools: "p".repeat(64 * 1024 - 1_000) };
  const tags = Array.from({ length: 32 }, (_, i) => `tag-${i}`);
  return JSON.stringify({ id: `caps-${n}`, metadata, tags, request: { messages, params }, response: JSON.parse(chat(`caps-${n}`, 20)) });
}

async function post(base: string, body: string): Promise<{ status: number; ingested: number; errors: number; code?: string }> {
  const response = await fetch(`${base}/api/v1/ingest`, { method: "POST", headers, body });
  // A body whose every record is refused answers in the error shape, the summary in `details`.
  const json = (await response.json()) as { ingested?: number; errors?: number; error?: { code: string; details?: { errors?: number } } };
  return { status: response.status, ingested: json.ingested ?? 0, errors: json.errors ?? json.error?.details?.errors ?? 0, code: json.error?.code };
}

async function get(base: string, path: string): Promise<number> {
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${API_KEY}` } });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return response.status;
}

/**
 * The health probe runs on its own thread: building a 20 MB body here would otherwise hold
 * this event loop and count as server latency.
 */
const PROBE_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const latencies = [];
let running = true;
parentPort.on("message", () => { running = false; });
(async () => {
  while (running) {
    const start = performance.now();
    await fetch(workerData.url).then((r) => r.arrayBuffer());
    latencies.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  parentPort.postMessage(latencies);
})();
`;

/** Runs `load` while probing /api/health; returns the probe latencies in ms. */
async function measure(base: string, load: (deadline: number) => Promise<string>): Promise<{ latencies: number[]; note: string; seconds: number }> {
  const probe = new Worker(PROBE_SOURCE, { eval: true, workerData: { url: `${base}/api/health` } });
  const latencies = new Promise<number[]>((resolve) => probe.once("message", resolve));
  const start = performance.now();
  let note: string;
  try {
    note = await load(Date.now() + LOAD_DEADLINE_MS);
  } finally {
    probe.postMessage("stop");
  }
  const result = { latencies: await latencies, note, seconds: (performance.now() - start) / 1000 };
  await probe.terminate();
  return result;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

let longResponseId: number | undefined;

const LOADS: Array<{ name: string; run: (base: string, deadline: number) => Promise<string> }> = [
  {
    name: "10 x 19.6 MB records of 1.15 M metadata keys",
    async run(base, deadline) {
      const answers: string[] = [];
      for (let n = 0; n < 10 && Date.now() < deadline; n++) {
        const body = hugeMetadataRecord(n);
        const { status, code } = await post(base, body);
        answers.push(`${status} ${code ?? ""}`.trim());
        if (n === 0) console.log(`  (one record: ${(Buffer.byteLength(body) / MiB).toFixed(1)} MiB)`);
      }
      return `${answers.length} sent, answered ${[...new Set(answers)].join(", ")}`;
    },
  },
  {
    name: "200 records at every cap, then 20 list reads",
    async run(base, deadline) {
      let ingested = 0;
      for (let n = 0; n < 200 && Date.now() < deadline; n += 10) {
        const body = `{"records":[${Array.from({ length: 10 }, (_, i) => recordAtCaps(n + i)).join(",")}]}`;
        ingested += (await post(base, body)).ingested;
      }
      for (let i = 0; i < 20 && Date.now() < deadline; i++) await get(base, "/api/v1/responses?limit=50");
      return `${ingested} ingested`;
    },
  },
  {
    name: "one 170,000-token record ingested",
    async run(base) {
      const response = await fetch(`${base}/api/v1/ingest`, { method: "POST", headers, body: chat("long-170k", 170_000) });
      const summary = (await response.json()) as { results: Array<{ id?: number; error?: unknown }> };
      longResponseId = summary.results[0]?.id;
      if (!longResponseId) throw new Error(`170k-token record refused: ${JSON.stringify(summary).slice(0, 300)}`);
      return `id ${longResponseId}`;
    },
  },
  {
    name: "30 parallel token views of the 170,000-token record",
    async run(base, deadline) {
      const id = longResponseId;
      const start = performance.now();
      let done = 0;
      await Promise.all(Array.from({ length: 30 }, async () => {
        if (Date.now() < deadline) {
          await get(base, `/api/v1/responses/${id}`);
          done++;
        }
      }));
      return `${done} views in ${((performance.now() - start) / 1000).toFixed(1)} s`;
    },
  },
  {
    name: "2,300 records x 32 tags in one batch (and x 64, refused)",
    async run(base) {
      const batch = (tags: number, prefix: string) =>
        `{"records":[${Array.from({ length: 2_300 }, (_, n) => `{"id":"${prefix}-${n}","tags":${JSON.stringify(Array.from({ length: tags }, (_, i) => `t${i}`))},"response":${chat(`${prefix}-${n}`, 3)}}`).join(",")}]}`;
      const at = await post(base, batch(32, "tags32"));
      const over = await post(base, batch(64, "tags64"));
      return `x32: ${at.ingested} ingested; x64: ${over.errors} refused (${over.status} ${over.code ?? ""})`;
    },
  },
  {
    name: "list page refreshed in a loop (4 at a time, 15 s)",
    async run(base, deadline) {
      const stop = Math.min(deadline, Date.now() + 15_000);
      let pages = 0;
      await Promise.all(Array.from({ length: 4 }, async () => {
        while (Date.now() < stop) {
          await get(base, "/api/v1/responses?limit=50");
          pages++;
        }
      }));
      return `${pages} pages`;
    },
  },
];

async function main(): Promise<void> {
  const server = await startBenchServer({ port: PORT, apiKey: API_KEY });
  const rows: Array<Record<string, unknown>> = [];
  try {
    await get(server.base, "/api/v1/responses?limit=1"); // warm-up (route compilation)
    for (const load of LOADS) {
      const { latencies, note, seconds } = await measure(server.base, (deadline) => load.run(server.base, deadline));
      const worst = Math.max(...latencies);
      const row = { load: load.name, worstMs: Math.round(worst), medianMs: Math.round(median(latencies)), probes: latencies.length, seconds: Number(seconds.toFixed(1)), ok: worst <= TARGET_MS, note };
      rows.push(row);
      console.log(`${worst <= TARGET_MS ? "ok  " : "SLOW"} ${load.name}: /api/health worst ${row.worstMs} ms, median ${row.medianMs} ms over ${row.probes} probes, ${row.seconds} s (${note})`);
    }
  } finally {
    await server.stop();
    server.cleanup();
  }
  console.log(`target: worst /api/health <= ${TARGET_MS} ms during each load`);
  console.log(JSON.stringify(rows));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
