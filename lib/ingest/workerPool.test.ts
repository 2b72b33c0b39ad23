import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as same from "@/lib/logprobs/__fixtures__/sameResponse";
import { describeEachBackend } from "@/tests/backends";
import { useTestAccounts } from "@/tests/testDb";
import { ingestBody, ingestBodyConcurrently, prepareBody } from "./ingestBody";
import { encodeTokens } from "@/lib/storage/tokenBlob";
import { tokenDetail } from "@/lib/queries/tokenDetail";
import { prepareInWorker, tokenDetailInWorker } from "./workerPool";

/** The worker-thread path gives exactly what the in-thread path gives, errors included. */
const savedWorkers = process.env.LOUPE_INGEST_WORKERS;
beforeAll(() => {
  execFileSync(process.execPath, ["scripts/build-worker.mjs"], { stdio: "inherit" });
  process.env.LOUPE_INGEST_WORKERS = "2";
}, 60_000);
afterAll(() => {
  if (savedWorkers === undefined) delete process.env.LOUPE_INGEST_WORKERS;
  else process.env.LOUPE_INGEST_WORKERS = savedWorkers;
});

const body = JSON.stringify({
  records: [
    { id: "w-1", model: same.SAME_MODEL, response: same.openaiChatPayload() },
    { choices: "broken" },
    { id: "w-2", model: same.SAME_MODEL, response: same.llamacppPayload() },
  ],
});

describeEachBackend("ingest worker pool, writing", ({ db }) => {
  useTestAccounts();

  it("ingests through the worker and reports errors by index", async () => {
    const summary = await ingestBodyConcurrently(db(), "default", body, "application/json");
    expect(summary).toMatchObject({ ingested: 2, errors: 1 });
    expect(summary.results[1]?.error?.code).toBeTypeOf("string");
    const again = await ingestBody(db(), "default", body, "application/json");
    expect(again).toMatchObject({ ingested: 0, duplicates: 2 });
  });

  it("maps a body that is not JSON to the API error", async () => {
    await expect(ingestBodyConcurrently(db(), "default", "{nope", "application/json")).rejects.toMatchObject({ status: 400, code: "invalid_json" });
  });
});

describe("ingest worker pool", () => {
  it("prepares a body on a worker exactly as in-thread", async () => {
    const now = Date.now();
    const inWorker = await prepareInWorker(body, "application/json");
    expect(inWorker).not.toBeNull();
    const inThread = prepareBody(body, "application/json", { now: inWorker!.now });
    expect(inWorker!.results).toEqual(inThread.results);
    expect(inWorker!.preparedIndex).toEqual([0, 2]);
    const strip = (batch: typeof inThread) => batch.prepared.map((samples) => samples.map((s) => ({ ...s, tokensBlob: Buffer.from(s.tokensBlob).toString("base64") })));
    expect(strip(inWorker!)).toEqual(strip(inThread));
    expect(inWorker!.now).toBeGreaterThanOrEqual(now);
  });


  it("takes raw body bytes without a copy and decodes them on the worker as UTF-8", async () => {
    const text = body.replace('"w-1"', '"w-1-é"');
    const bytes = new Uint8Array(Buffer.from(text, "utf8"));
    const inWorker = await prepareInWorker(bytes, "application/json");
    expect(bytes.byteLength).toBe(0); // transferred, not copied
    const inThread = prepareBody(text, "application/json", { now: inWorker!.now });
    expect(inWorker!.results).toEqual(inThread.results);
    expect(inWorker!.prepared[0]![0]!.externalId).toBe("w-1-é");
  });

  it("keeps an own __proto__ metadata key across the thread boundary", async () => {
    const text = `{"id":"w-proto","model":"${same.SAME_MODEL}","metadata":{"__proto__":{"x":1}},"response":${JSON.stringify(same.openaiChatPayload())}}`;
    const batch = await prepareInWorker(text, "application/json");
    const metadata = batch!.prepared[0]![0]!.metadata!;
    expect(Object.keys(metadata)).toEqual(["__proto__"]);
    expect(JSON.stringify(metadata)).toBe(`{"__proto__":{"x":1}}`);
  });

  it("builds a token page on a worker exactly as in-thread", async () => {
    const tokens = Array.from({ length: 3_000 }, (_, i) => ({
      token: `t${i % 50}`, logprob: -((i % 9) / 3), bytes: null,
      top: [{ token: `t${i % 50}`, logprob: -((i % 9) / 3), bytes: null }, { token: "x", logprob: -2, bytes: null }, { token: "y", logprob: -2.5, bytes: null }],
    }));
    const input = { tokensBlob: encodeTokens(tokens), promptTokensBlob: null, range: { start: 2_000, end: 4_000 } };
    const inWorker = await tokenDetailInWorker(input);
    expect(inWorker).not.toBeNull();
    expect(inWorker).toEqual(tokenDetail(input));
    expect(inWorker!.tokenPage).toEqual({ start: 2_000, end: 3_000, total: 3_000 });
  });
});
