import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as ingest } from "@/app/api/v1/ingest/route";
import { apiKeyPrefix, hashApiKey } from "@/lib/auth/apiKeys";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { db } from "@/lib/db/database";
import { BODY_LIMITS } from "@/lib/ingest/bodyLimits";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

const otherKey = "second-key-0123456789abcdef";

describeEachBackend("ingest limits", () => {
const testDb = useTestAccounts();
beforeAll(async () => {
  await db().insertInto("api_keys").values({
    id: "second", project_id: DEFAULT_PROJECT_ID, name: "second", prefix: apiKeyPrefix(otherKey),
    key_hash: hashApiKey(otherKey), scopes: "ingest", created_at: Date.now(),
  }).execute();
});

const useRate = (perMinute: number) => testDb.setIngestRate(perMinute);

/** How many responses are stored under an external id. */
const storedCount = async (externalId: string) =>
  Number((await db().selectFrom("responses").select((eb) => eb.fn.countAll<number>().as("n")).where("external_id", "=", externalId).executeTakeFirstOrThrow()).n);

const post = (body: BodyInit, headers: Record<string, string> = {}, key = testDb.apiKey) =>
  ingest(new Request("http://localhost/api/v1/ingest", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit));
const ndjson = (lines: string[]) => post(lines.join("\n"), { "content-type": "application/x-ndjson" });

const chat = (id: string) => ({
  id, object: "chat.completion", created: 1_733_743_961, model: "gpt-4o-mini",
  choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "Hi" },
    logprobs: { content: [{ token: "Hi", logprob: -0.1, bytes: [72, 105], top_logprobs: [] }] } }],
});
const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = await res.json();
  expect(body.error).toMatchObject({ code, message: expect.any(String) });
  return body;
}

describe("per-key ingest rate limit", () => {
  beforeEach(() => useRate(3));

  it("answers a burst past the limit with 429 and Retry-After, leaving other keys alone", async () => {
    for (let i = 0; i < 3; i++) expect((await post(JSON.stringify(chat(`rl-${i}`)))).status).toBe(200);
    const refused = await post(JSON.stringify(chat("rl-over")));
    const body = await expectError(refused, 429, "rate_limited");
    expect(body.error.details).toMatchObject({ limitPerMinute: 3 });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(20); // one token of 3/min takes 20 s

    const other = await post(JSON.stringify(chat("rl-other")), {}, otherKey);
    expect(other.status).toBe(200);
    expect(await storedCount("rl-over")).toBe(0);
  });

  it("charges requests that fail too, and refuses before reading the body", async () => {
    for (let i = 0; i < 3; i++) expect((await post("{ nope")).status).toBe(400);
    let pulled = false;
    const unreadable = new ReadableStream<Uint8Array>({
      pull() {
        pulled = true;
        throw new Error("the body must not be read");
      },
    }, { highWaterMark: 0 });
    await expectError(await post(unreadable), 429, "rate_limited");
    expect(pulled).toBe(false);
  });

  it("answers 401 before charging anything to an unknown key", async () => {
    for (let i = 0; i < 5; i++) expect((await post("{}", {}, "unknown-key-0123456789")).status).toBe(401);
  });
});

describe("hostile body limits", () => {
  beforeAll(() => useRate(0));

  it("refuses a JSON batch of more than 10,000 records with 413 too_many_records", async () => {
    const records = Array.from({ length: BODY_LIMITS.recordsPerBody + 1 }, () => ({}));
    await expectError(await post(JSON.stringify(records)), 413, "too_many_records");
    await expectError(await post(JSON.stringify({ records })), 413, "too_many_records");
  });

  it("takes exactly 10,000 records (all rejected here, so 400, not 413)", async () => {
    const records = Array.from({ length: BODY_LIMITS.recordsPerBody }, () => 1);
    const body = await expectError(await post(JSON.stringify(records)), 400, "unknown_format");
    expect(body.error.details.results).toHaveLength(BODY_LIMITS.recordsPerBody);
  });

  it("refuses NDJSON of more than 10,000 non-blank lines with 413 before parsing any", async () => {
    const lines = Array.from({ length: BODY_LIMITS.recordsPerBody + 1 }, (_, i) => (i === 0 ? JSON.stringify(chat("nd-over")) : "{"));
    await expectError(await ndjson(lines), 413, "too_many_records");
    const blankPadded = [JSON.stringify(chat("nd-blank")), ...Array.from({ length: 20_000 }, () => "  ")];
    expect((await ndjson(blankPadded)).status).toBe(200);
    expect(await storedCount("nd-over")).toBe(0);
  });

  it("turns an NDJSON line over 4 MiB into line_too_long at its index", async () => {
    const long = JSON.stringify({ pad: "x".repeat(BODY_LIMITS.lineBytes) });
    const res = await ndjson([JSON.stringify(chat("nd-long-ok")), long]);
    expect(res.status).toBe(207);
    const summary = await res.json();
    expect(summary.ingested).toBe(1);
    expect(summary.results[1].error.code).toBe("line_too_long");
    await expectError(await ndjson([long]), 400, "line_too_long");
  });

  it("refuses nesting past 64 levels with 400 too_deep in every body shape", async () => {
    await expectError(await post(nested(65)), 400, "too_deep");
    await expectError(await post(nested(64)), 400, "unknown_format");
    // Deep metadata once reached JSON.stringify in the writer: "Maximum call stack size exceeded".
    const deepMetadata = `{"id":"deep-meta","response":${JSON.stringify(chat("dm"))},"metadata":{"x":${nested(200_000)}}}`;
    await expectError(await post(deepMetadata), 400, "too_deep");
    await expectError(await post(`data: ${JSON.stringify(chat("sse"))}\n\ndata: ${nested(65)}\n\n`, { "content-type": "text/event-stream" }), 400, "too_deep");
    await expectError(await post(JSON.stringify({ response: `data: ${nested(65)}\n\n` })), 400, "too_deep");

    const res = await ndjson([JSON.stringify(chat("nd-deep-ok")), `{"response":${nested(65)}}`]);
    expect(res.status).toBe(207);
    expect((await res.json()).results[1].error.code).toBe("too_deep");
  });

  it("answers an NDJSON body with no records as empty_batch, like JSON", async () => {
    await expectError(await ndjson(["", "  ", "\r"]), 400, "empty_batch");
    await expectError(await post("[]"), 400, "empty_batch");
  });
});
});
