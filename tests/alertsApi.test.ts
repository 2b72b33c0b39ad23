import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getAlertRoute, PATCH as patchAlert } from "@/app/api/v1/alerts/[id]/route";
import { GET as listAlertsRoute, PATCH as patchAlerts } from "@/app/api/v1/alerts/route";
import { insertApiKey } from "@/lib/auth/apiKeys";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { db } from "@/lib/db/database";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

/**
 * Alerts stored at ingest and the alert API on SQLite and PostgreSQL: one alert per response
 * and detector (also under re-ingest and concurrent ingest), the same set as the flags column,
 * statuses, filters, cursor paging, per-project settings and 400s for bad input. Every expected
 * detector below is worked out by hand from the token logprobs.
 */
const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-10T00:00:00Z");

const record = (id: string, hour: number, model: string, tokens: Array<[string, number]>) => ({
  id, model, timestamp: T0 + hour * HOUR,
  response: { tokens: tokens.map(([token, logprob]) => ({ token, logprob })) },
});
const lowRun = (id: string, hour: number) => record(id, hour, "m1", Array.from({ length: 9 }, (_, i) => [`t${i} `, -3] as [string, number]));
const RECORDS = [
  // 9 tokens at -3: perplexity e^3 > 15, a run of 9 < -2.5 (score 1: avg < -2 only)
  lowRun("low", 1),
  // avg -4.005, perplexity e^4.005, half the tokens < -3, one drop of 7.99 (score 2)
  record("drop", 2, "m2", [["ok", -0.01], [" no", -8]]),
  record("clean", 3, "m1", [["Hi", -0.1], [" there", -0.2]]),
  // "1867" at mean -4.5: avg -3.03, 2/3 low, an uncertain number (score 1 + 1 + 2 = 4)
  record("entity", 4, "m1", [["In", -0.1], [" 18", -4], ["67", -5]]),
];
const EXPECTED: Record<string, string[]> = {
  low: ["highPerplexity", "sustainedLowConfidence"],
  drop: ["lowAvgLogprob", "highPerplexity", "lowConfidenceRatio", "suddenDrops"],
  clean: [],
  entity: ["lowAvgLogprob", "highPerplexity", "lowConfidenceRatio", "uncertainEntity", "hallucinationScore"],
};

describeEachBackend("alerts API", () => {
  const testDb = useTestAccounts();
  const readOnlyKey = "read-only-key-0123456789abcdef";
  const ingestOnlyKey = "ingest-only-key-0123456789abcdef";
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    const summary = await ingestRecords(db(), DEFAULT_PROJECT_ID, RECORDS.map((value) => ({ value })));
    expect(summary.errors).toBe(0);
    RECORDS.forEach((r, i) => (ids[r.id] = summary.results[i]?.id as number));
    await insertApiKey(db(), DEFAULT_PROJECT_ID, readOnlyKey, "read only", ["read"]);
    await insertApiKey(db(), DEFAULT_PROJECT_ID, ingestOnlyKey, "ingest only", ["ingest"]);
  });

  const request = (path: string, init: RequestInit = {}, key = testDb.apiKey) =>
    new Request(`http://localhost${path}`, { ...init, headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...init.headers } });
  const list = async (query = "") => {
    const response = await listAlertsRoute(request(`/api/v1/alerts${query}`));
    expect(response.status).toBe(200);
    return (await response.json()) as { data: Array<{ id: number; detector: string; responseId: number; status: string; model: string; occurredAt: string; evidence: { positions: number[] }; statusChangedBy: string | null }>; nextCursor: string | null };
  };
  const patchOne = (id: number, body: unknown, key?: string) =>
    patchAlert(request(`/api/v1/alerts/${id}`, { method: "PATCH", body: JSON.stringify(body) }, key), { params: Promise.resolve({ id: String(id) }) });
  const patchMany = (body: unknown, key?: string) => patchAlerts(request("/api/v1/alerts", { method: "PATCH", body: JSON.stringify(body) }, key));

  it("stores one alert per response and fired detector, the same set as the response's flags", async () => {
    const { data } = await list("?limit=200");
    for (const [name, detectors] of Object.entries(EXPECTED)) {
      expect(data.filter((a) => a.responseId === ids[name]).map((a) => a.detector).sort(), name).toEqual([...detectors].sort());
      const row = await db().selectFrom("responses").select(["flags", "flag_count"]).where("id", "=", ids[name] as number).executeTakeFirstOrThrow();
      expect((JSON.parse(row.flags ?? "[]") as Array<{ rule: string }>).map((f) => f.rule).sort(), name).toEqual([...detectors].sort());
      expect(Number(row.flag_count)).toBe(detectors.length);
    }
    const entity = data.find((a) => a.responseId === ids.entity && a.detector === "uncertainEntity");
    expect(entity?.evidence).toMatchObject({ positions: [1, 2], entities: [{ kind: "number", text: "1867", start: 1, end: 3, meanLogprob: -4.5 }] });
    expect(data.every((a) => a.status === "open")).toBe(true);
  });

  it("re-ingest and concurrent ingest of the same responses add no alert", async () => {
    const before = (await list("?limit=200")).data.length;
    expect(before).toBe(11);
    const again = await ingestRecords(db(), DEFAULT_PROJECT_ID, RECORDS.map((value) => ({ value })));
    expect(again.duplicates).toBe(4);
    const twins = [lowRun("twin-1", 5), lowRun("twin-2", 5)];
    await Promise.all([0, 1, 2].map(() => ingestRecords(db(), DEFAULT_PROJECT_ID, twins.map((value) => ({ value })))));
    const after = (await list("?limit=200")).data;
    expect(after.length).toBe(before + 4);
    const keys = after.map((a) => `${a.responseId}:${a.detector}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("lists newest first and pages with the cursor without gaps or repeats", async () => {
    const all = (await list("?limit=200")).data;
    const times = all.map((a) => Date.parse(a.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const paged: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.data.length).toBeLessThanOrEqual(3);
      paged.push(...page.data.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.map((a) => a.id));
  });

  it("filters by detector, model and time", async () => {
    const sustained = (await list("?detector=sustainedLowConfidence")).data;
    expect(sustained.map((a) => a.responseId).sort()).toEqual([ids.low, ...(await twinIds())].sort());
    const m2 = (await list("?model=m2")).data;
    expect(m2.map((a) => a.detector).sort()).toEqual([...(EXPECTED.drop as string[])].sort());
    const window = (await list(`?from=${new Date(T0 + 2 * HOUR).toISOString()}&to=${T0 + 4 * HOUR}`)).data;
    expect(new Set(window.map((a) => a.responseId))).toEqual(new Set([ids.drop]));
    expect((await list("?model=nobody")).data).toEqual([]);
  });

  it("filters a classification task's distributionShift alerts by their detector too", async () => {
    // Stored as lib/classification/shiftAlerts.ts stores them: no response, the task as model.
    const at = T0 + 5 * HOUR;
    await db().insertInto("alerts").values({
      project_id: DEFAULT_PROJECT_ID, detector: "distributionShift", dedupe_key: "shift:t1:psi:1", response_id: null, model: "task:Geo",
      severity: "warning", value: 0.4, threshold: 0.2, evidence: JSON.stringify({ positions: [] }), occurred_at: at, created_at: at, updated_at: at,
    }).execute();
    const shift = (await list("?detector=distributionShift")).data;
    expect(shift.map((a) => [a.detector, a.model])).toEqual([["distributionShift", "task:Geo"]]);
    await db().deleteFrom("alerts").where("detector", "=", "distributionShift").execute();
  });

  it("PATCH one: open -> acknowledged -> resolved, who and when kept; a read-only key is refused", async () => {
    const target = (await list(`?detector=suddenDrops`)).data[0];
    expect(target).toBeDefined();
    const id = (target as { id: number }).id;
    expect((await patchOne(id, { status: "acknowledged" }, readOnlyKey)).status).toBe(403);
    const ack = await patchOne(id, { status: "acknowledged" });
    expect(ack.status).toBe(200);
    const body = await ack.json();
    expect(body).toMatchObject({ id, status: "acknowledged" });
    expect(body.statusChangedBy).toMatch(/^key:/);
    expect((await list("?status=acknowledged")).data.map((a) => a.id)).toEqual([id]);
    expect((await patchOne(id, { status: "resolved" })).status).toBe(200);
    const one = await getAlertRoute(request(`/api/v1/alerts/${id}`), { params: Promise.resolve({ id: String(id) }) });
    expect((await one.json()).status).toBe("resolved");
    expect((await list("?status=acknowledged")).data).toEqual([]);
    expect((await patchOne(999_999, { status: "resolved" })).status).toBe(404);
  });

  it("PATCH with a key that may write but not read answers the new status, not the alert's evidence", async () => {
    const id = ((await list(`?detector=uncertainEntity`)).data[0] as { id: number }).id;
    const patched = await patchOne(id, { status: "acknowledged" }, ingestOnlyKey);
    expect(patched.status).toBe(200);
    expect(await patched.json()).toEqual({ id, status: "acknowledged" });
    expect((await list("?status=acknowledged")).data.map((a) => [a.id, a.statusChangedBy?.startsWith("key:")])).toEqual([[id, true]]);
    expect((await patchOne(id, { status: "open" })).status).toBe(200);
  });

  it("bulk PATCH changes the listed alerts only; an unknown id changes none (404)", async () => {
    const m2 = (await list("?model=m2&status=open")).data.map((a) => a.id);
    const entity = (await list("?detector=hallucinationScore")).data.map((a) => a.id);
    const unknown = await patchMany({ ids: [...entity, 999_999], status: "acknowledged" });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.details).toEqual({ missing: [999_999] });
    expect((await list("?detector=hallucinationScore")).data.map((a) => a.status)).toEqual(["open"]);
    const response = await patchMany({ ids: [...m2, ...entity, ...entity], status: "acknowledged" });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.updated).toEqual([...m2, ...entity].sort((a, b) => a - b));
    const acknowledged = (await list("?status=acknowledged&limit=200")).data.map((a) => a.id).sort((a, b) => a - b);
    expect(acknowledged).toEqual([...m2, ...entity].sort((a, b) => a - b));
  });

  it("bad input is a 400 in the error shape", async () => {
    for (const query of ["?status=closed", "?detector=nope", "?cursor=abc", "?limit=0", "?from=yesterday"]) {
      const response = await listAlertsRoute(request(`/api/v1/alerts${query}`));
      expect(response.status, query).toBe(400);
      expect((await response.json()).error.code, query).toBeTypeOf("string");
    }
    for (const body of [{ status: "closed" }, {}, { status: "open", extra: 1 }]) expect((await patchOne(1, body)).status).toBe(400);
    for (const body of [{ ids: [], status: "open" }, { ids: [1.5], status: "open" }, { ids: [1], status: "done" }, { status: "open" }]) {
      expect((await patchMany(body)).status).toBe(400);
    }
    const notJson = await patchAlerts(request("/api/v1/alerts", { method: "PATCH", body: "{nope" }));
    expect(notJson.status).toBe(400);
    const badId = await patchAlert(request("/api/v1/alerts/x", { method: "PATCH", body: "{}" }), { params: Promise.resolve({ id: "x" }) });
    expect(badId.status).toBe(400);
  });

  describe("per-project settings", () => {
    afterAll(async () => {
      await db().deleteFrom("detector_settings").where("project_id", "=", DEFAULT_PROJECT_ID).execute();
    });
    it("a disabled detector raises no alert nor flag; a changed threshold applies at the next ingest", async () => {
      await db().insertInto("detector_settings").values([
        { project_id: DEFAULT_PROJECT_ID, detector: "highPerplexity", enabled: false, thresholds: null, updated_at: Date.now(), updated_by: null },
        { project_id: DEFAULT_PROJECT_ID, detector: "sustainedLowConfidence", enabled: true, thresholds: JSON.stringify({ minRun: 10 }), updated_at: Date.now(), updated_by: null },
        { project_id: DEFAULT_PROJECT_ID, detector: "lowConfidenceRatio", enabled: true, thresholds: JSON.stringify({ threshold: 0.9 }), updated_at: Date.now(), updated_by: null },
      ]).execute();
      const summary = await ingestRecords(db(), DEFAULT_PROJECT_ID, [{ value: lowRun("after-settings", 6) }, { value: record("drop-2", 6, "m2", [["ok", -0.01], [" no", -8]]) }]);
      const [low, drop] = summary.results.map((r) => r.id as number);
      expect((await list(`?responseId=${low}`)).data).toEqual([]);
      expect((await list(`?responseId=${drop}`)).data.map((a) => a.detector).sort()).toEqual(["lowAvgLogprob", "suddenDrops"]);
    });
  });

  async function twinIds(): Promise<number[]> {
    const rows = await db().selectFrom("responses").select("id").where("external_id", "in", ["twin-1", "twin-2"]).execute();
    return rows.map((r) => Number(r.id));
  }
});
