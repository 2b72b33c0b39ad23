import { beforeAll, describe, expect, it } from "vitest";
import { runTrendShift, trendCheck } from "@/lib/alerts/trendShift";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { db } from "@/lib/db/database";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { defaultDetectorSettings } from "@/lib/metrics/detectors/settings";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

const HOUR = 3_600_000;
const T0 = Date.parse("2026-10-01T00:00:00Z");
const DEFAULTS = defaultDetectorSettings().trendShift.thresholds;

describe("trendCheck (pure)", () => {
  it("mean and population std of the hourly baseline; needs 24 hours and a spread", () => {
    const baseline = Array.from({ length: 24 }, (_, i) => [-0.5, -0.6, -0.7][i % 3] as number);
    const check = trendCheck("avgLogprob", -3, baseline, DEFAULTS);
    expect(check?.baselineMean).toBeCloseTo(-0.6, 12);
    expect(check?.baselineStd).toBeCloseTo(Math.sqrt(0.02 / 3), 12);
    expect(check?.limit).toBeCloseTo(-0.6 - 3 * Math.sqrt(0.02 / 3), 12);
    expect(trendCheck("avgLogprob", -3, baseline.slice(1), DEFAULTS)).toBeNull();
    expect(trendCheck("avgLogprob", -3, baseline.map(() => -0.5), DEFAULTS)).toBeNull();
  });
});

describeEachBackend("trendShift job", () => {
  useTestAccounts();
  // 48 baseline hours per model with hourly means -0.5, -0.6, -0.7 (mean -0.6, std 0.082);
  // then hour 48: model "drifts" at -3 (z = -29), model "steady" at -0.6.
  const record = (model: string, hour: number, logprob: number) => ({
    id: `${model}-${hour}`, model, timestamp: T0 + hour * HOUR + 60_000,
    response: { tokens: [{ token: "a", logprob, top: [{ token: "a", logprob }, { token: "b", logprob: logprob - 1 }] }, { token: "b", logprob, top: [{ token: "b", logprob }, { token: "c", logprob: logprob - 1 }] }] },
  });
  // Model "narrows": avgLogprob always -0.5 (a flat baseline: no verdict), margin 1, 1.5, 2 by
  // hour, then 0.01 in hour 48 (the runner-up almost as likely): only the margin check fires.
  const marginRecord = (hour: number, margin: number) => ({
    id: `narrows-${hour}`, model: "narrows", timestamp: T0 + hour * HOUR + 60_000,
    response: { tokens: [{ token: "a", logprob: -0.5, top: [{ token: "a", logprob: -0.5 }, { token: "b", logprob: -0.5 - margin }] }] },
  });
  beforeAll(async () => {
    const records = [];
    for (const model of ["drifts", "steady"]) for (let hour = 0; hour < 48; hour++) records.push(record(model, hour, [-0.5, -0.6, -0.7][hour % 3] as number));
    records.push(record("drifts", 48, -3), record("steady", 48, -0.6));
    for (let hour = 0; hour < 48; hour++) records.push(marginRecord(hour, [1, 1.5, 2][hour % 3] as number));
    records.push(marginRecord(48, 0.01));
    // A greedy answer in hour 3: its runner-up has probability 0 (-9999), an infinite margin.
    records.push({ id: "narrows-greedy-3", model: "narrows", timestamp: T0 + 3 * HOUR + 120_000, response: { tokens: [{ token: "a", logprob: -0.5, top: [{ token: "a", logprob: -0.5 }, { token: "b", logprob: -9999 }] }] } });
    const summary = await ingestRecords(db(), DEFAULT_PROJECT_ID, records.map((value) => ({ value })));
    expect(summary.errors).toBe(0);
    const greedy = db().selectFrom("responses").select("mean_margin").where("external_id", "=", "narrows-greedy-3");
    expect(await greedy.executeTakeFirst()).toEqual({ mean_margin: null });
    // As a row stored before meanMargin left infinite margins out holds it: the job must skip it.
    await db().updateTable("responses").set({ mean_margin: Infinity }).where("external_id", "=", "narrows-greedy-3").execute();
    expect(Number((await greedy.executeTakeFirst())?.mean_margin)).toBe(Infinity);
  });

  it("raises one trendShift alert per drifting model's hour (avgLogprob or margin), none for the steady one, once", async () => {
    const now = T0 + 49 * HOUR + 5 * 60_000;
    expect((await runTrendShift(db(), now)).raised).toBe(2);
    expect((await runTrendShift(db(), now)).raised).toBe(0);
    const alerts = await db().selectFrom("alerts").selectAll().where("detector", "=", "trendShift").orderBy("model").execute();
    expect(alerts.map((a) => a.model)).toEqual(["drifts", "narrows"]);
    const narrows = JSON.parse((alerts[1] as (typeof alerts)[number]).evidence) as { checks: Array<{ metric: string; hourMean: number; baselineMean: number }> };
    expect(narrows.checks.map((c) => c.metric)).toEqual(["meanMargin"]);
    expect(narrows.checks[0]?.hourMean).toBeCloseTo(0.01, 9);
    expect(narrows.checks[0]?.baselineMean).toBeCloseTo(1.5, 9);
    const alert = alerts[0] as (typeof alerts)[number];
    expect(alert).toMatchObject({ model: "drifts", dedupe_key: `trend:drifts:${T0 + 48 * HOUR}`, response_id: null, status: "open" });
    expect(Number(alert.occurred_at)).toBe(T0 + 48 * HOUR);
    const evidence = JSON.parse(alert.evidence) as { checks: Array<{ metric: string; hourMean: number; baselineMean: number; baselineHours: number }> };
    const avg = evidence.checks.find((c) => c.metric === "avgLogprob");
    expect(avg).toMatchObject({ baselineHours: 48 });
    expect(avg?.hourMean).toBeCloseTo(-3, 9);
    expect(avg?.baselineMean).toBeCloseTo(-0.6, 9);
  });

  it("is off when the project turns it off", async () => {
    await db().insertInto("detector_settings").values({ project_id: DEFAULT_PROJECT_ID, detector: "trendShift", enabled: false, thresholds: null, updated_at: Date.now(), updated_by: null }).execute();
    await db().deleteFrom("alerts").where("detector", "=", "trendShift").execute();
    expect((await runTrendShift(db(), T0 + 49 * HOUR + 5 * 60_000)).raised).toBe(0);
    await db().deleteFrom("detector_settings").execute();
  });
});
