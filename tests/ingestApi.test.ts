import { describe, expect, it } from "vitest";
import { POST as ingest } from "@/app/api/v1/ingest/route";
import { GET as listResponses } from "@/app/api/v1/responses/route";
import { GET as getResponse } from "@/app/api/v1/responses/[id]/route";
import { NO_SHARED, readSharedText, sharedTitle } from "./sharedFixtures";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

describeEachBackend("ingest API", () => {
const testDb = useTestAccounts({ maxBodyBytes: 200_000 });

const post = (body: string, headers: Record<string, string> = {}) =>
  ingest(new Request("http://localhost/api/v1/ingest", {
    method: "POST",
    headers: { authorization: `Bearer ${testDb.apiKey}`, "content-type": "application/json", ...headers },
    body,
  }));
const get = (url: string, key: string | null = testDb.apiKey) =>
  new Request(`http://localhost${url}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

const chat = (id: string, tokens: Array<[string, number]>) => ({
  id, object: "chat.completion", created: 1_733_743_961, model: "gpt-4o-mini",
  choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: tokens.map(([t]) => t).join("") },
    logprobs: { content: tokens.map(([token, logprob]) => ({ token, logprob, bytes: [...Buffer.from(token)], top_logprobs: [
      { token, logprob, bytes: [...Buffer.from(token)] }, { token: " alt", logprob: logprob - 2, bytes: [...Buffer.from(" alt")] }] })) } }],
});

describe("POST /api/v1/ingest", () => {
  it("refuses a missing or wrong key with 401 in the error shape", async () => {
    const missing = await ingest(new Request("http://localhost/api/v1/ingest", { method: "POST", body: "{}" }));
    expect(missing.status).toBe(401);
    expect((await missing.json()).error.code).toBe("unauthorized");
    const wrong = await post("{}", { authorization: "Bearer nope-nope-nope-nope" });
    expect(wrong.status).toBe(401);
  });

  it.skipIf(NO_SHARED)(sharedTitle("stores real recorded responses and serves them back with metrics and tokens"), async () => {
    const body = readSharedText("fixtures/real", "radicalbit-metrics.json");
    const res = await post(body);
    expect(res.status).toBe(200);
    const summary = await res.json();
    expect(summary).toMatchObject({ ingested: 2, duplicates: 0, errors: 0 });
    const id = summary.results[0].id;
    const detail = await (await getResponse(get(`/api/v1/responses/${id}`), { params: Promise.resolve({ id: String(id) }) })).json();
    expect(detail.model).toBe("gpt-4o-2024-08-06");
    expect(detail.tokens).toHaveLength(8);
    expect(detail.tokens[0]).toMatchObject({ token: "Sure", bytes: [83, 117, 114, 101] });
    expect(detail.tokens[0].logprob).toBeCloseTo(-0.61251247, 6);
    expect(detail.metrics.perplexity).toBeCloseTo(2.190884828567505, 5);
    expect(detail.outputText).toBe("Sure, go ahead. What's up?");
  });

  it("counts a re-sent external id as a duplicate, never twice", async () => {
    const body = JSON.stringify({ id: "dup-1", response: chat("x", [["Hi", -0.1]]) });
    const first = await (await post(body)).json();
    const second = await (await post(body)).json();
    expect(first).toMatchObject({ ingested: 1, duplicates: 0 });
    expect(second).toMatchObject({ ingested: 0, duplicates: 1 });
    expect(second.results[0]).toMatchObject({ id: first.results[0].id, duplicate: true });
    const list = await (await listResponses(get("/api/v1/responses?limit=500"))).json();
    expect(list.data.filter((r: { externalId: string }) => r.externalId === "dup-1")).toHaveLength(1);
  });

  it("reports a malformed record by index and stores the good ones (JSON batch and NDJSON)", async () => {
    const records = [chat("ok-a", [["A", -0.2]]), { choices: "nope" }, chat("ok-b", [["B", -0.3]])];
    const res = await post(JSON.stringify({ records }));
    expect(res.status).toBe(207);
    const summary = await res.json();
    expect(summary.ingested).toBe(2);
    expect(summary.results[1].error.code).toBeTypeOf("string");
    expect(summary.results[1].error.message.length).toBeGreaterThan(5);
    expect(summary.results[0].id).toBeTypeOf("number");

    const ndjson = [JSON.stringify(chat("nd-a", [["x", -1]])), "{not json", JSON.stringify(chat("nd-b", [["y", -1]]))].join("\n");
    const nd = await (await post(ndjson, { "content-type": "application/x-ndjson" })).json();
    expect(nd.ingested).toBe(2);
    expect(nd.results[1].error.code).toBe("invalid_json");
  });

  it("answers a fully invalid body in the error shape", async () => {
    const bad = await post("{ nope");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("invalid_json");
    const allBad = await post(JSON.stringify({ foo: 1 }));
    expect(allBad.status).toBe(400);
    const body = await allBad.json();
    expect(body.error.code).toBe("unknown_format");
    expect(body.error.details.results[0].index).toBe(0);
  });

  it("refuses a body over the limit with 413", async () => {
    const huge = JSON.stringify({ records: Array.from({ length: 3000 }, (_, i) => chat(`big-${i}`, [["x", -1]])) });
    const res = await post(huge);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
  });
});

describe("GET /api/v1/responses", () => {
  it("filters and pages with a cursor", async () => {
    await post(JSON.stringify({ records: [
      { id: "f-1", tags: ["rag"], timestamp: "2026-01-01T00:00:00Z", response: chat("f1", [["a", -5], ["b", -6]]) },
      { id: "f-2", tags: ["chat"], timestamp: "2026-01-02T00:00:00Z", response: chat("f2", [["a", -0.01]]) },
    ] }));
    const rag = await (await listResponses(get("/api/v1/responses?tag=rag"))).json();
    expect(rag.data.map((r: { externalId: string }) => r.externalId)).toEqual(["f-1"]);
    const flagged = await (await listResponses(get("/api/v1/responses?flagged=true&limit=500"))).json();
    expect(flagged.data.some((r: { externalId: string }) => r.externalId === "f-1")).toBe(true);
    expect(flagged.data.every((r: { flags: unknown[] }) => r.flags.length > 0)).toBe(true);
    const low = await (await listResponses(get("/api/v1/responses?maxAvgLogprob=-3"))).json();
    expect(low.data.map((r: { externalId: string }) => r.externalId)).toEqual(["f-1"]);

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/responses?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await (await listResponses(get(url))).json();
      seen.push(...page.data.map((r: { id: number }) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = await (await listResponses(get("/api/v1/responses?limit=500"))).json();
    expect(seen).toEqual(all.data.map((r: { id: number }) => r.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("rejects bad query strings with 400 and unknown ids with 404", async () => {
    const bad = await listResponses(get("/api/v1/responses?limit=abc"));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("invalid_request");
    const missing = await getResponse(get("/api/v1/responses/999999"), { params: Promise.resolve({ id: "999999" }) });
    expect(missing.status).toBe(404);
    const anonymous = await listResponses(get("/api/v1/responses", null));
    expect(anonymous.status).toBe(401);
  });
});
});
