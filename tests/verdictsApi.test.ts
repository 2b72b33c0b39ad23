import { beforeAll, expect, it } from "vitest";
import { GET as qualityRoute } from "@/app/api/v1/detectors/quality/route";
import { PUT as putSettings } from "@/app/api/v1/detectors/settings/route";
import { GET as getVerdictRoute, POST as postVerdict } from "@/app/api/v1/responses/[id]/verdict/route";
import { GET as triageRoute } from "@/app/api/v1/triage/route";
import { insertApiKey } from "@/lib/auth/apiKeys";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { db } from "@/lib/db/database";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import type { QualityReport } from "@/lib/triage/detectorQuality";
import type { SuspectDto } from "@/lib/triage/suspects";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

/**
 * Verdicts, the triage queue and rule quality over the API on SQLite and PostgreSQL. The
 * detectors each response fires and its hallucination score are worked out by hand from the
 * token logprobs (the same records as tests/alertsApi.test.ts).
 */
const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-10T00:00:00Z");
const record = (id: string, hour: number, tokens: Array<[string, number]>) => ({
  id, model: "m1", timestamp: T0 + hour * HOUR, response: { tokens: tokens.map(([token, logprob]) => ({ token, logprob })) },
});
const RECORDS = [
  // highPerplexity, sustainedLowConfidence; score 1 (avg < -2)
  record("low", 1, Array.from({ length: 9 }, (_, i) => [`t${i} `, -3] as [string, number])),
  // lowAvgLogprob, highPerplexity, lowConfidenceRatio, suddenDrops; score 2
  record("drop", 2, [["ok", -0.01], [" no", -8]]),
  record("clean", 3, [["Hi", -0.1], [" there", -0.2]]),
  // lowAvgLogprob, highPerplexity, lowConfidenceRatio, uncertainEntity, hallucinationScore; score 4
  record("entity", 4, [["In", -0.1], [" 18", -4], ["67", -5]]),
];

describeEachBackend("verdicts and rule quality API", () => {
  const testDb = useTestAccounts();
  const readOnlyKey = "read-only-key-verdicts-0123456789";
  const ingestOnlyKey = "ingest-only-key-verdicts-0123456789";
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
  const judge = (id: number | string, body: unknown, key?: string) =>
    postVerdict(request(`/api/v1/responses/${id}/verdict`, { method: "POST", body: JSON.stringify(body) }, key), { params: Promise.resolve({ id: String(id) }) });
  const quality = async (query = "") => {
    const response = await qualityRoute(request(`/api/v1/detectors/quality${query}`));
    expect(response.status).toBe(200);
    return (await response.json()) as QualityReport;
  };
  const suspects = async () => ((await (await triageRoute(request("/api/v1/triage"))).json()) as { data: SuspectDto[] }).data;
  const of = (report: QualityReport, detector: string) => report.detectors.find((d) => d.detector === detector);

  it("queues open suspects most suspicious first: the score, then how many detectors fired", async () => {
    const queue = await suspects();
    expect(queue.map((s) => s.responseId)).toEqual([ids.entity, ids.drop, ids.low]);
    expect(queue[0]).toMatchObject({ score: 4, alertCount: 5 });
    expect(queue[0]?.detectors).toContain("uncertainEntity");
    const other = (await (await triageRoute(request("/api/v1/triage?model=m2"))).json()) as { data: SuspectDto[] };
    expect(other.data).toEqual([]);
    expect((await triageRoute(request("/api/v1/triage?limit=0"))).status).toBe(400);
  });

  it("stores a verdict with note, who and when, and takes the response off the queue", async () => {
    const before = Date.now();
    const response = await judge(ids.entity as number, { verdict: "confirmed", note: "  1867 is wrong  " });
    expect(response.status).toBe(200);
    const verdict = await response.json();
    expect(verdict).toMatchObject({ responseId: ids.entity, verdict: "confirmed", note: "1867 is wrong", hallucinationScore: 4, judgedBy: expect.stringMatching(/^key:/) });
    expect(Date.parse(verdict.judgedAt)).toBeGreaterThanOrEqual(before - 1);
    const read = await getVerdictRoute(request(`/api/v1/responses/${ids.entity}/verdict`, {}, readOnlyKey), { params: Promise.resolve({ id: String(ids.entity) }) });
    expect(await read.json()).toEqual(verdict);
    expect((await suspects()).map((s) => s.responseId)).toEqual([ids.drop, ids.low]);
    // A key that may write but not read is told what it wrote, not the response's score.
    const written = await (await judge(ids.entity as number, { verdict: "confirmed", note: "1867 is wrong" }, ingestOnlyKey)).json();
    expect(written).toMatchObject({ responseId: ids.entity, verdict: "confirmed", judgedBy: expect.stringMatching(/^key:/) });
    expect(written).not.toHaveProperty("hallucinationScore");
  });

  it("counts fired, judged, confirmed and precision per detector, and moves with each verdict", async () => {
    let report = await quality();
    expect(of(report, "hallucinationScore")).toMatchObject({ fired: 1, judged: 1, confirmed: 1, falsePositive: 0, precision: 1 });
    expect(of(report, "highPerplexity")).toMatchObject({ fired: 3, judged: 1, confirmed: 1, precision: 1 });
    expect(of(report, "sustainedLowConfidence")).toMatchObject({ fired: 1, judged: 0, precision: null });

    expect((await judge(ids.drop as number, { verdict: "false_positive" })).status).toBe(200);
    expect((await judge(ids.low as number, { verdict: "confirmed" })).status).toBe(200);
    report = await quality();
    expect(of(report, "highPerplexity")).toMatchObject({ fired: 3, judged: 3, confirmed: 2, falsePositive: 1, precision: 2 / 3 });
    expect(of(report, "lowAvgLogprob")).toMatchObject({ fired: 2, judged: 2, confirmed: 1, falsePositive: 1, precision: 0.5 });
    expect(of(report, "suddenDrops")).toMatchObject({ fired: 1, judged: 1, confirmed: 0, falsePositive: 1, precision: 0 });

    // A changed verdict replaces the old one: unsure counts as judged, not in precision.
    expect((await judge(ids.drop as number, { verdict: "unsure" })).status).toBe(200);
    report = await quality();
    expect(of(report, "lowAvgLogprob")).toMatchObject({ judged: 2, confirmed: 1, falsePositive: 0, unsure: 1, precision: 1 });
    expect((await judge(ids.drop as number, { verdict: "false_positive" })).status).toBe(200);
    expect(await suspects()).toEqual([]);
  });

  it("draws the score's precision–recall curve over 0–6 and picks the threshold reaching the precision", async () => {
    // scores: entity 4 confirmed, drop 2 false positive, low 1 confirmed
    const report = await quality("?targetPrecision=0.8");
    const { curve, suggestedThreshold, judged } = report.hallucinationScore;
    expect(judged).toBe(3);
    expect(curve.map((p) => p.threshold)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(curve.map((p) => p.precision)).toEqual([2 / 3, 2 / 3, 0.5, 1, 1, null, null]);
    expect(curve.map((p) => p.recall)).toEqual([1, 1, 0.5, 0.5, 0.5, 0, 0]);
    expect(suggestedThreshold).toBe(3);
    expect((await quality("?targetPrecision=0.6")).hallucinationScore.suggestedThreshold).toBe(0);
  });

  it("scores a tagged response under its tag's thresholds, as ingest did", async () => {
    // Under "lenient", an average logprob must fall below -5 to add its point: "entity" (-3.03) scores 3, not 4.
    const put = await putSettings(request("/api/v1/detectors/settings", {
      method: "PUT", body: JSON.stringify({ tag: "lenient", detectors: { hallucinationScore: { thresholds: { avgLogprob: -5 } } } }),
    }));
    expect(put.status).toBe(200);
    const tagged = { ...record("entity-lenient", 5, [["In", -0.1], [" 18", -4], ["67", -5]]), tags: ["lenient"] };
    const summary = await ingestRecords(db(), DEFAULT_PROJECT_ID, [{ value: tagged }]);
    const id = summary.results[0]?.id as number;
    const verdict = await (await judge(id, { verdict: "unsure" })).json();
    expect(verdict).toMatchObject({ responseId: id, hallucinationScore: 3 });
  });

  it("answers 4xx for bad input, unknown responses and a read-only key", async () => {
    for (const body of [{ verdict: "maybe" }, {}, { verdict: "confirmed", extra: 1 }, { verdict: "confirmed", note: "x".repeat(2001) }]) {
      const response = await judge(ids.clean as number, body);
      expect(response.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect((await response.json()).error.code).toBeTypeOf("string");
    }
    expect((await judge(999_999, { verdict: "confirmed" })).status).toBe(404);
    expect((await judge("abc", { verdict: "confirmed" })).status).toBe(400);
    expect((await judge(ids.clean as number, { verdict: "confirmed" }, readOnlyKey)).status).toBe(403);
    expect((await qualityRoute(request("/api/v1/detectors/quality?targetPrecision=2"))).status).toBe(400);
    const notJson = await postVerdict(request(`/api/v1/responses/${ids.clean}/verdict`, { method: "POST", body: "{" }), { params: Promise.resolve({ id: String(ids.clean) }) });
    expect(notJson.status).toBe(400);
  });
});
