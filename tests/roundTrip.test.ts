import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { POST as ingest } from "@/app/api/v1/ingest/route";
import { GET as getResponse } from "@/app/api/v1/responses/[id]/route";
import * as same from "@/lib/logprobs/__fixtures__/sameResponse";
import { db } from "@/lib/db/database";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

/**
 * One response expressed in every supported format goes in through the HTTP API and through
 * the CLI (`npm run ingest`, as a real child process on the same database); every copy must
 * come back with the same tokens and the same metrics, as far as its format carries the data.
 */
const FORMATS: Array<{ name: string; payload: unknown; top: boolean; ext: "json" | "sse" }> = [
  { name: "openai-chat", payload: same.openaiChatPayload(), top: true, ext: "json" },
  { name: "openai-chat-stream", payload: same.openaiChatChunks(), top: true, ext: "json" },
  { name: "openai-chat-sse", payload: same.openaiChatSse(), top: true, ext: "sse" },
  { name: "openai-legacy", payload: same.openaiLegacyPayload(), top: true, ext: "json" },
  { name: "openai-responses", payload: same.openaiResponsesPayload(), top: true, ext: "json" },
  { name: "together", payload: same.togetherPayload(), top: false, ext: "json" },
  { name: "vllm", payload: same.vllmPayload(), top: true, ext: "json" },
  { name: "llamacpp", payload: same.llamacppPayload(), top: true, ext: "json" },
  { name: "ollama", payload: same.ollamaPayload(), top: true, ext: "json" },
  { name: "loupe", payload: same.loupePayload(), top: true, ext: "json" },
];

describeEachBackend("every format through the API and the CLI", (backend) => {
const testDb = useTestAccounts();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-roundtrip-"));
const apiIds = new Map<string, number>();

beforeAll(async () => {
  for (const format of FORMATS) {
    // Same response, distinct ids: the API copy and the CLI copy must not be duplicates.
    const body = format.ext === "sse" ? (format.payload as string) : JSON.stringify({ id: `api-${format.name}`, model: same.SAME_MODEL, response: format.payload });
    const response = await ingest(new Request("http://localhost/api/v1/ingest", {
      method: "POST",
      headers: { authorization: `Bearer ${testDb.apiKey}`, "content-type": format.ext === "sse" ? "text/event-stream" : "application/json" },
      body,
    }));
    const summary = await response.json();
    expect(summary.errors, `${format.name}: ${JSON.stringify(summary)}`).toBe(0);
    apiIds.set(format.name, summary.results[0].id);
    const file = path.join(dir, `${format.name}.${format.ext}`);
    fs.writeFileSync(file, format.ext === "sse" ? (format.payload as string) : JSON.stringify({ id: `cli-${format.name}`, model: same.SAME_MODEL, response: format.payload }));
  }
}, 60_000);
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const detail = async (id: number) =>
  (await getResponse(new Request(`http://localhost/api/v1/responses/${id}`, { headers: { authorization: `Bearer ${testDb.apiKey}` } }), { params: Promise.resolve({ id: String(id) }) })).json();

  it("the CLI ingests the directory and reports every file", () => {
    // As `npm run ingest -- <dir>` from the folder above it: npm runs the script in the package's
    // folder and says where it was called from in INIT_CWD, which relative paths are read from.
    const output = execFileSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/ingest.ts", path.basename(dir)], {
      env: { ...process.env, DATABASE_URL: backend.url, INIT_CWD: path.dirname(dir) },
      encoding: "utf8",
    });
    // The SSE file carries its own id (the chunk id), which the API copy already used: a duplicate.
    expect(output).toMatch(new RegExp(`Files: ${FORMATS.length}\\s+Ingested: ${FORMATS.length - 1}\\s+Duplicates: 1\\s+Errors: 0`));
  });

  it("the CLI names a path that does not exist in one line, without a stack trace", () => {
    const missing = path.join(dir, "no-such-file.jsonl");
    const run = spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/ingest.ts", missing], {
      env: { ...process.env, DATABASE_URL: backend.url },
      encoding: "utf8",
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(`no such file or directory: ${missing}`);
  });

  it("yields identical tokens and metrics for every copy", async () => {
    const reference = await detail(apiIds.get("openai-chat") as number);
    expect(reference.tokens.map((t: { token: string }) => t.token).join("")).toBe(same.SAME_TEXT);
    const rows = (await db().selectFrom("responses").select(["id", "external_id"]).execute())
      .map((row) => ({ id: row.id, externalId: row.external_id as string }));
    expect(rows.length).toBe(FORMATS.length * 2 - 1);
    for (const row of rows) {
      const copy = await detail(row.id);
      const format = FORMATS.find((f) => row.externalId.endsWith(f.name)) ?? FORMATS.find((f) => f.name === "openai-chat-sse")!;
      const label = `${row.externalId} (${copy.sourceFormat})`;
      expect(copy.tokens.map((t: { token: string; logprob: number }) => [t.token, t.logprob]), label).toEqual(reference.tokens.map((t: { token: string; logprob: number }) => [t.token, t.logprob]));
      for (const name of ["tokenCount", "sumLogprob", "avgLogprob", "perplexity", "lengthNormalizedLogprob", "minLogprob", "lowConfidenceRatio", "suddenDrops"]) {
        expect(copy.metrics[name], `${label} ${name}`).toBeCloseTo(reference.metrics[name], 12);
      }
      if (format.top) {
        for (const name of ["meanEntropyBits", "maxEntropyBits", "meanMargin"]) expect(copy.metrics[name], `${label} ${name}`).toBeCloseTo(reference.metrics[name], 6);
        expect(copy.tokens.map((t: { top: unknown[] }) => t.top.length), label).toEqual(reference.tokens.map((t: { top: unknown[] }) => t.top.length));
      } else {
        expect(copy.metrics.meanEntropyBits, label).toBeNull();
      }
    }
  });
});
