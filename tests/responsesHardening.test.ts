import { beforeAll, describe, expect, it } from "vitest";
import { POST as ingest } from "@/app/api/v1/ingest/route";
import { GET as listResponses } from "@/app/api/v1/responses/route";
import { GET as getResponse } from "@/app/api/v1/responses/[id]/route";
import { GET as responseLocation } from "@/app/api/v1/responses/[id]/location/route";
import { GET as listAlerts } from "@/app/api/v1/alerts/route";
import { createUser } from "@/lib/accounts/users";
import { createSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { db } from "@/lib/db/database";
import { recordFieldLimits } from "@/lib/ingest/bodyLimits";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

/**
 * Issue 7 (items 1, 7, 8): hostile or odd input to the read and ingest APIs answers a clear
 * 4xx or is kept, never a 500 and never silently dropped; one large record cannot make the
 * list or the token view parse what they do not return.
 */
const LIMITS = recordFieldLimits();
describeEachBackend("read and ingest hardening", (backend) => {
  const testDb = useTestAccounts({ ingestRatePerMinute: 0 });

  const post = (body: string) =>
    ingest(new Request("http://localhost/api/v1/ingest", {
      method: "POST",
      headers: { authorization: `Bearer ${testDb.apiKey}`, "content-type": "application/json" },
      body,
    }));
  const get = (url: string) => new Request(`http://localhost${url}`, { headers: { authorization: `Bearer ${testDb.apiKey}` } });
  const list = (query: string) => listResponses(get(`/api/v1/responses?${query}`));
  const detail = (id: number, query = "") => getResponse(get(`/api/v1/responses/${id}${query}`), { params: Promise.resolve({ id: String(id) }) });

  const choice = (index: number, text: string, logprobs: number[] = [-0.1]) => ({
    index, finish_reason: "stop", message: { role: "assistant", content: text },
    logprobs: { content: logprobs.map((logprob, i) => ({ token: `${text}${i}`, logprob, bytes: null, top_logprobs: [
      { token: `${text}${i}`, logprob }, ...["a", "b", "c"].map((alt) => ({ token: alt, logprob: Math.log(Math.max(1e-9, (1 - Math.exp(logprob)) / 3)) }))] })) },
  });
  const chat = (id: string, choices = [choice(0, "Hi")]) => ({ id, object: "chat.completion", created: 1_733_743_961, model: "gpt-4o-mini", choices });

  async function expectError(res: Response, status: number, code: string) {
    const body = await res.json();
    expect({ status: res.status, code: body.error?.code }).toEqual({ status, code });
    expect(body.error.message).toEqual(expect.any(String));
    return body;
  }

  async function ingestOne(record: unknown): Promise<number> {
    const res = await post(JSON.stringify(record));
    const summary = await res.json();
    expect(summary.errors).toBe(0);
    return summary.results[0].id as number;
  }

  describe("bad query strings answer 400, not 500", () => {
    it("refuses a cursor past any id", async () => {
      await expectError(await list("cursor=99999999999999999999"), 400, "invalid_request");
      await expectError(await list("cursor=2147483648"), 400, "invalid_request");
    });

    it("refuses an id past 32 bits with 400 on every backend (PostgreSQL ids are int4: the query itself failed, a 500)", async () => {
      await expectError(await detail(3_000_000_000), 400, "invalid_request");
      await expectError(await listAlerts(get("/api/v1/alerts?cursor=1700000000000_9999999999")), 400, "invalid_request");
      await expectError(await listAlerts(get("/api/v1/alerts?responseId=2147483648")), 400, "invalid_request");
      const userId = await createUser(db(), { email: `location-${backend.backend}@example.com`, name: "L", isAdmin: true, password: "long password 1" });
      const cookie = `${SESSION_COOKIE}=${(await createSession(db(), userId)).token}`;
      const located = (id: string) => responseLocation(new Request(`http://localhost/api/v1/responses/${id}/location`, { headers: { cookie } }), { params: Promise.resolve({ id }) });
      await expectError(await located("3000000000"), 400, "invalid_request");
      await expectError(await located("2147483647"), 404, "not_found");
    });

    it("reads a parameter sent empty (a blank form field) as absent, not as 0 or a 400", async () => {
      await ingestOne(chat("empty-param-1"));
      const ids = async (query: string) => {
        const res = await list(query);
        expect(res.status).toBe(200);
        return ((await res.json()) as { data: Array<{ id: number }> }).data.map((row) => row.id);
      };
      const all = await ids("limit=500");
      expect(all.length).toBeGreaterThan(0);
      expect(await ids("limit=500&minAvgLogprob=&maxAvgLogprob=&model=&tag=&q=")).toEqual(all);
      expect((await listAlerts(get("/api/v1/alerts?model=&detector="))).status).toBe(200);
    });

    it("refuses from/to outside the dates JavaScript can hold", async () => {
      await expectError(await list("from=99999999999999999999999"), 400, "invalid_request");
      await expectError(await list("to=8640000000000001"), 400, "invalid_request");
      expect((await list("to=8640000000000000")).status).toBe(200);
    });
  });

  describe("nothing is dropped silently", () => {
    it("refuses a record with two choices of the same index, naming the index", async () => {
      const res = await post(JSON.stringify({ records: [chat("dup-index", [choice(0, "A"), choice(0, "B")]), chat("dup-index-ok")] }));
      const summary = await res.json();
      expect(summary.results[0].error).toMatchObject({ code: "invalid_payload", message: expect.stringMatching(/index 0/) });
      expect(summary.results[1].id).toEqual(expect.any(Number));
      const stored = await backend.db().selectFrom("responses").select((eb) => eb.fn.countAll<number>().as("n")).where("external_id", "=", "dup-index").executeTakeFirst();
      expect(stored).toEqual({ n: 0 });
    });

    it("keeps a metadata key named __proto__ and serves it back", async () => {
      const body = `{"id":"proto-meta","metadata":{"__proto__":{"polluted":true},"user":"u1"},"request":{"params":{"__proto__":1}},"response":${JSON.stringify(chat("p"))}}`;
      const summary = await (await post(body)).json();
      const id = summary.results[0].id as number;
      const text = await (await detail(id)).text();
      const served = JSON.parse(text);
      expect(Object.keys(served.metadata)).toEqual(["__proto__", "user"]);
      expect(text).toContain(`"metadata":{"__proto__":{"polluted":true},"user":"u1"}`);
      expect(text).toContain(`"params":{"__proto__":1}`);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it("matches % and _ in q literally", async () => {
      const percent = await ingestOne(chat("q-percent", [choice(0, "100%")]));
      const underscore = await ingestOne(chat("q-underscore", [choice(0, "snake_case")]));
      const plain = await ingestOne(chat("q-plain", [choice(0, "plainword")]));
      const ids = async (q: string) => ((await (await list(`q=${encodeURIComponent(q)}&limit=500`)).json()).data as Array<{ id: number }>).map((r) => r.id);
      expect(await ids("%")).toEqual([percent]);
      expect(await ids("_")).toEqual([underscore]);
      expect(await ids("\\")).toEqual([]);
      expect(await ids("PLAINword")).toEqual([plain]); // still case-insensitive, as before
    });
  });

  describe("per-record caps on metadata, messages, params and tags", () => {
    const envelope = (id: string, extra: Record<string, unknown>) => ({ id, response: chat(id), ...extra });

    it("refuses the over-limit record with limit_exceeded and stores the rest of the batch", async () => {
      const manyKeys = Object.fromEntries(Array.from({ length: LIMITS.metadataKeys + 1 }, (_, i) => [`k${i}`, i]));
      const bigParams = { blob: "x".repeat(LIMITS.paramsBytes) };
      const bigMessages = [{ role: "user", content: "y".repeat(LIMITS.messagesBytes) }];
      const bigMetadata = { blob: "z".repeat(LIMITS.metadataBytes) };
      const records = [
        envelope("cap-keys", { metadata: manyKeys }),
        envelope("cap-ok", { metadata: { user: "u1" }, tags: ["a", "b"] }),
        envelope("cap-params", { request: { params: bigParams } }),
        envelope("cap-messages", { request: { messages: bigMessages } }),
        envelope("cap-metadata-bytes", { metadata: bigMetadata }),
        envelope("cap-tags", { tags: Array.from({ length: LIMITS.tagsPerRecord + 1 }, (_, i) => `t${i}`) }),
        envelope("cap-tag-chars", { tags: ["t".repeat(LIMITS.tagChars + 1)] }),
      ];
      const res = await post(JSON.stringify({ records }));
      expect(res.status).toBe(207);
      const summary = await res.json();
      expect(summary.ingested).toBe(1);
      expect(summary.results[1].id).toEqual(expect.any(Number));
      for (const index of [0, 2, 3, 4, 5, 6]) expect(summary.results[index].error, `record ${index}`).toMatchObject({ code: "limit_exceeded" });
      expect(summary.results[0].error.message).toMatch(/metadata/);
      expect(summary.results[2].error.message).toMatch(/params/);
      expect(summary.results[3].error.message).toMatch(/messages/);
      expect(summary.results[4].error.message).toMatch(/metadata/);
      expect(summary.results[5].error.message).toMatch(/tags/);
      expect(summary.results[6].error.message).toMatch(/tag/);
    });

    it("checks the caps before validating the envelope (zod walks every key of a huge metadata)", async () => {
      const manyKeys = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i]));
      const records = [envelope("cap-first", { metadata: manyKeys, timestamp: "not a date" }), envelope("cap-first-ok", {})];
      const summary = await (await post(JSON.stringify({ records }))).json();
      expect(summary.results[0].error).toMatchObject({ code: "limit_exceeded", message: expect.stringMatching(/metadata/) });
    });

    it("counts keys anywhere inside metadata, not only at the top", async () => {
      const nested = { a: Object.fromEntries(Array.from({ length: LIMITS.metadataKeys }, (_, i) => [`k${i}`, i])) };
      const summary = await (await post(JSON.stringify([envelope("cap-nested", { metadata: nested }), envelope("cap-nested-ok", {})]))).json();
      expect(summary.results[0].error).toMatchObject({ code: "limit_exceeded" });
    });
  });

  describe("the list reads summary columns only", () => {
    it("lists a page even when a row's metadata, messages and params are not JSON it could parse", async () => {
      const id = await ingestOne(envelope("list-summary"));
      // PostgreSQL's json columns refuse text that is not JSON: there the list must not read a large one.
      const unreadable = backend.backend === "sqlite" ? ["{broken", "[broken", "{broken"] : [`{"pad":"${"x".repeat(5_000_000)}"}`, "[1]", "{}"];
      await backend.db().updateTable("responses").set({ metadata: unreadable[0], messages: unreadable[1], params: unreadable[2] }).where("id", "=", id).execute();
      const res = await list("limit=500");
      expect(res.status).toBe(200);
      const row = (await res.json()).data.find((r: { id: number }) => r.id === id);
      expect(row).toMatchObject({ externalId: "list-summary", outputPreview: "Hi", tags: [], flags: [] });
      expect(row).not.toHaveProperty("metadata");
    });

    it("pages by every sort, in both orders, without overlap or gaps", async () => {
      for (const sort of ["occurredAt", "avgLogprob", "perplexity", "maxEntropyBits", "tokenCount", "flagCount"]) {
        for (const order of ["asc", "desc"]) {
          const all = (await (await list(`sort=${sort}&order=${order}&limit=500`)).json()).data.map((r: { id: number }) => r.id);
          const seen: number[] = [];
          let cursor: string | null = null;
          do {
            const page = await (await list(`sort=${sort}&order=${order}&limit=3${cursor ? `&cursor=${cursor}` : ""}`)).json();
            seen.push(...page.data.map((r: { id: number }) => r.id));
            cursor = page.nextCursor;
          } while (cursor);
          expect(seen, `${sort} ${order}`).toEqual(all);
          expect(all.length).toBeGreaterThan(5);
        }
      }
    });

    function envelope(id: string) {
      return { id, metadata: { user: "u" }, request: { params: { temperature: 0 }, messages: [{ role: "user", content: "q" }] }, response: chat(id) };
    }
  });

  describe("token detail in pages", () => {
    const TOKENS = 5_000;
    let id: number;
    beforeAll(async () => {
      const logprobs = Array.from({ length: TOKENS }, (_, i) => (i === 4_321 ? -6 : i % 7 === 0 ? -1.2 : -0.05));
      id = await ingestOne(chat("long-paged", [choice(0, "w", logprobs)]));
    });

    it("serves the first 2,000 tokens with the page bounds, and every position's logprob", async () => {
      const body = await (await detail(id)).json();
      expect(body.tokens).toHaveLength(2_000);
      expect(body.tokenPage).toEqual({ start: 0, end: 2_000, total: TOKENS });
      expect(body.tokens[0].token).toBe("w0");
      expect(body.logprobs).toHaveLength(TOKENS);
      expect(body.logprobs[4_321]).toBeCloseTo(-6, 5);
      // Hotspots still describe every token, not just the page.
      expect(body.metrics.tokenCount).toBe(TOKENS);
      expect(body.metrics.hotspots.some((h: { position: number }) => h.position >= 2_000)).toBe(true);
    });

    it("serves a slice with ?tokens=START-END, clamped to the total", async () => {
      const body = await (await detail(id, "?tokens=4000-6000")).json();
      expect(body.tokenPage).toEqual({ start: 4_000, end: TOKENS, total: TOKENS });
      expect(body.tokens).toHaveLength(1_000);
      expect(body.tokens[321].token).toBe("w4321");
      expect(body.tokens[321].logprob).toBeCloseTo(-6, 5);
    });

    it("refuses a malformed or too wide range with 400", async () => {
      for (const range of ["abc", "10", "5-2", "0-2001", "-1-5", "1e3-2000"]) {
        await expectError(await detail(id, `?tokens=${range}`), 400, "invalid_request");
      }
    });
  });
});
