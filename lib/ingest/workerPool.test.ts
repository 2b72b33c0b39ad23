import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as same from "@/lib/logprobs/__fixtures__/sameResponse";
import { useTestDatabase } from "../../tests/testDb";
import { ingestBody, ingestBodyConcurrently, prepareBody } from "./ingestBody";
import { prepareInWorker } from "./workerPool";

/** The worker-thread path gives exactly what the in-thread path gives, errors included. */
let testDb: ReturnType<typeof useTestDatabase>;
beforeAll(() => {
  execFileSync(process.execPath, ["scripts/build-worker.mjs"], { stdio: "inherit" });
  process.env.LOUPE_INGEST_WORKERS = "2";
  testDb = useTestDatabase();
}, 60_000);
afterAll(() => testDb.cleanup());

const body = JSON.stringify({
  records: [
    { id: "w-1", model: same.SAME_MODEL, response: same.openaiChatPayload() },
    { choices: "broken" },
    { id: "w-2", model: same.SAME_MODEL, response: same.llamacppPayload() },
  ],
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

  it("ingests through the worker and reports errors by index", async () => {
    const summary = await ingestBodyConcurrently(testDb.db, "default", body, "application/json");
    expect(summary).toMatchObject({ ingested: 2, errors: 1 });
    expect(summary.results[1]?.error?.code).toBeTypeOf("string");
    const again = ingestBody(testDb.db, "default", body, "application/json");
    expect(again).toMatchObject({ ingested: 0, duplicates: 2 });
  });

  it("maps a body that is not JSON to the API error", async () => {
    await expect(ingestBodyConcurrently(testDb.db, "default", "{nope", "application/json")).rejects.toMatchObject({ status: 400, code: "invalid_json" });
  });
});
