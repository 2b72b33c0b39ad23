import { beforeAll, expect, it } from "vitest";
import { GET as getJob } from "@/app/api/v1/detectors/jobs/[id]/route";
import { POST as postJob } from "@/app/api/v1/detectors/jobs/route";
import { GET as getSettings, PUT as putSettings } from "@/app/api/v1/detectors/settings/route";
import { GET as suggestRoute } from "@/app/api/v1/detectors/suggest/route";
import { runThresholdJobBatch, type ThresholdJobDto } from "@/lib/alerts/thresholdJobs";
import type { ThresholdSuggestion, ThresholdVersion } from "@/lib/alerts/thresholds";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { db } from "@/lib/db/database";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { describeEachBackend } from "./backends";
import { rollupsAndRecount } from "./rollupRecount";
import { useTestAccounts } from "./testDb";

/**
 * Thresholds per project over the API on both backends: the suggestion from the last 7 days,
 * a versioned change (audit log: who, when, before/after), and the background re-apply job with
 * its progress, while ingestion goes on. Responses i = 0..99 have two tokens at logprob
 * −0.05·i (avgLogprob −0.05·i), one an hour apart inside the window; ten older ones at −6 lie
 * outside it.
 */
const HOUR = 3_600_000;
const NOW = Date.now();
const pair = (id: string, at: number, logprob: number, tags: string[] = []) => ({ value: { id, model: "m1", timestamp: at, tags, response: { tokens: [{ token: "a", logprob }, { token: "b", logprob }] } } });
const avgOf = (i: number) => -Number((0.05 * i).toFixed(2));

describeEachBackend("thresholds API", () => {
  const testDb = useTestAccounts();
  beforeAll(async () => {
    const recent = Array.from({ length: 100 }, (_, i) => pair(`r${i}`, NOW - (i + 1) * HOUR, avgOf(i), i % 2 === 0 ? ["even"] : []));
    const old = Array.from({ length: 10 }, (_, i) => pair(`old${i}`, NOW - 8 * 24 * HOUR - i * HOUR, -6));
    expect((await ingestRecords(db(), DEFAULT_PROJECT_ID, [...recent, ...old])).errors).toBe(0);
  });

  const request = (path: string, init: RequestInit = {}) =>
    new Request(`http://localhost${path}`, { ...init, headers: { authorization: `Bearer ${testDb.apiKey}`, "content-type": "application/json" } });
  const put = (body: unknown) => putSettings(request("/api/v1/detectors/settings", { method: "PUT", body: JSON.stringify(body) }));
  const openLowAvg = async (fromDays = 7) =>
    Number((await db().selectFrom("alerts").select((eb) => eb.fn.countAll<number>().as("n")).where("detector", "=", "lowAvgLogprob").where("status", "=", "open")
      .where("occurred_at", ">=", NOW - fromDays * 24 * HOUR).executeTakeFirstOrThrow()).n);

  it("suggests the value that flags 2% of the last 7 days and counts what current and suggested flag", async () => {
    const response = await suggestRoute(request("/api/v1/detectors/suggest?flagRate=0.02"));
    expect(response.status).toBe(200);
    const { data, days } = (await response.json()) as { data: ThresholdSuggestion[]; days: number };
    expect(days).toBe(7);
    const low = data.find((s) => s.detector === "lowAvgLogprob");
    // 100 responses, k = 2: the third lowest avg (−4.85); below it −4.95 and −4.90.
    // (10%: k = 10, the 11th lowest, i = 89: −4.45)
    expect(low).toMatchObject({ responses: 100, op: "<", current: -3, suggested: -4.85, suggestedFlagged: 2 });
    // avg < −3 for i = 61..99
    expect(low?.currentFlagged).toBe(39);
    const tenPercent = ((await (await suggestRoute(request("/api/v1/detectors/suggest?flagRate=0.1"))).json()) as { data: ThresholdSuggestion[] }).data;
    expect(tenPercent.find((s) => s.detector === "lowAvgLogprob")).toMatchObject({ suggested: -4.45, suggestedFlagged: 10 });
    for (const query of ["flagRate=0", "flagRate=0.9", "days=0", "flagRate=abc"]) expect((await suggestRoute(request(`/api/v1/detectors/suggest?${query}`))).status, query).toBe(400);
  });

  it("versions a change in the audit log with who, when, before and after", async () => {
    expect(await openLowAvg()).toBe(39);
    const response = await put({ detectors: { lowAvgLogprob: { thresholds: { threshold: -4.85 } } } });
    expect(response.status).toBe(200);
    expect((await response.json()).changed).toEqual(["lowAvgLogprob"]);
    expect(((await put({ detectors: { lowAvgLogprob: { thresholds: { threshold: -4.85 } } } })).status)).toBe(200); // no change: no version
    const { settings, history } = (await (await getSettings(request("/api/v1/detectors/settings"))).json()) as { settings: { lowAvgLogprob: { thresholds: { threshold: number } } }; history: ThresholdVersion[] };
    expect(settings.lowAvgLogprob.thresholds.threshold).toBe(-4.85);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ by: expect.stringMatching(/^key:/), tag: "", changes: { lowAvgLogprob: { before: { enabled: true, thresholds: { threshold: -3 } }, after: { enabled: true, thresholds: { threshold: -4.85 } } } } });
    expect(Math.abs(Date.parse(history[0]?.at as string) - Date.now())).toBeLessThan(60_000);
    for (const body of [{ detectors: { nope: {} } }, { detectors: { lowConfidenceRatio: { thresholds: { threshold: 2 } } } }, { detectors: { lowAvgLogprob: { thresholds: { limit: 1 } } } }, { detectors: {}, extra: 1 }]) {
      const bad = await put(body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect((await bad.json()).error.code).toBeTypeOf("string");
    }
  });

  it("re-applies the change to the last 7 days in batches with progress, while ingestion goes on", async () => {
    const created = await postJob(request("/api/v1/detectors/jobs", { method: "POST", body: JSON.stringify({ days: 7 }) }));
    expect(created.status).toBe(202);
    const job = (await created.json()) as ThresholdJobDto;
    expect(created.headers.get("location")).toBe(`/api/v1/detectors/jobs/${job.id}?project=${DEFAULT_PROJECT_ID}`);
    expect(job).toMatchObject({ status: "queued", total: 100, processed: 0, progress: 0 });
    const progress: number[] = [];
    for (let i = 0; i < 10; i++) {
      const after = await runThresholdJobBatch(db(), { batch: 30 });
      if (!after) break;
      progress.push(after.progress);
      // ingestion is not blocked by the job
      if (i === 0) expect((await ingestRecords(db(), DEFAULT_PROJECT_ID, [pair("during-the-job", NOW, -0.5)])).errors).toBe(0);
      if (after.status === "done") break;
    }
    expect(progress).toEqual([0.3, 0.6, 0.9, 1]);
    const read = await getJob(request(`/api/v1/detectors/jobs/${job.id}`), { params: Promise.resolve({ id: job.id }) });
    const done = (await read.json()) as ThresholdJobDto;
    expect(done).toMatchObject({ status: "done", processed: 100, progress: 1, raised: 0, cleared: 37 });
    expect(await openLowAvg()).toBe(2);
    expect(await openLowAvg(30)).toBe(12); // the ten older responses keep their alerts
    const resolved = await db().selectFrom("alerts").select("status_changed_by").where("detector", "=", "lowAvgLogprob").where("status", "=", "resolved").execute();
    expect(new Set(resolved.map((r) => r.status_changed_by))).toEqual(new Set([`job:${job.id}`]));
    // The responses it unflagged are unflagged in the rollups too, under every response and under their tag.
    const { hourly } = await rollupsAndRecount(db());
    expect(hourly.stored).toEqual(hourly.recount);
  });

  it("brings resolved alerts back when a later re-apply fires them again", async () => {
    expect((await put({ detectors: { lowAvgLogprob: { thresholds: { threshold: -3 } } } })).status).toBe(200);
    const job = (await (await postJob(request("/api/v1/detectors/jobs", { method: "POST", body: JSON.stringify({ days: 7 }) }))).json()) as ThresholdJobDto;
    let after: ThresholdJobDto | null = null;
    while ((after = await runThresholdJobBatch(db(), { batch: 500 })) && after.status !== "done");
    expect(after).toMatchObject({ id: job.id, raised: 37, cleared: 0 });
    expect(await openLowAvg()).toBe(39);
    expect((await postJob(request("/api/v1/detectors/jobs", { method: "POST", body: JSON.stringify({ days: 0 }) }))).status).toBe(400);
    expect((await getJob(request("/api/v1/detectors/jobs/x"), { params: Promise.resolve({ id: "x" }) })).status).toBe(400);
    const unknown = crypto.randomUUID();
    expect((await getJob(request(`/api/v1/detectors/jobs/${unknown}`), { params: Promise.resolve({ id: unknown }) })).status).toBe(404);
  });

  it("applies a tag's thresholds at ingest to responses with that tag, the project's to the rest", async () => {
    expect((await put({ tag: "turkish", detectors: { lowAvgLogprob: { thresholds: { threshold: -5 } } } })).status).toBe(200);
    const read = async (tag: string) => ((await (await getSettings(request(`/api/v1/detectors/settings?tag=${tag}`))).json()) as { settings: { lowAvgLogprob: { thresholds: { threshold: number } } } }).settings;
    expect((await read("turkish")).lowAvgLogprob.thresholds.threshold).toBe(-5);
    expect((await read("")).lowAvgLogprob.thresholds.threshold).toBe(-3);
    const tagged = { value: { ...pair("tagged", NOW, -4).value, tags: ["news", "turkish"] } };
    const summary = await ingestRecords(db(), DEFAULT_PROJECT_ID, [tagged, pair("untagged", NOW, -4)]);
    expect(summary.errors).toBe(0);
    const detectorsOf = async (id: number) => (await db().selectFrom("alerts").select("detector").where("response_id", "=", id).execute()).map((row) => row.detector);
    expect(await detectorsOf(summary.results[0]?.id as number)).not.toContain("lowAvgLogprob");
    expect(await detectorsOf(summary.results[1]?.id as number)).toContain("lowAvgLogprob");
  });
});
