import { afterAll, beforeAll, expect, it } from "vitest";
import { GET as listAlerts } from "@/app/api/v1/alerts/route";
import { DELETE as deleteProbe, GET as getProbe, PATCH as patchProbe } from "@/app/api/v1/probes/[id]/route";
import { PATCH as patchRun } from "@/app/api/v1/probes/[id]/runs/[runId]/route";
import { GET as listRuns, POST as postRun } from "@/app/api/v1/probes/[id]/runs/route";
import { GET as listProbes, POST as postProbe } from "@/app/api/v1/probes/route";
import { insertApiKey } from "@/lib/auth/apiKeys";
import { resetEnvCache } from "@/lib/config/env";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { db } from "@/lib/db/database";
import { runDueProbeSets } from "@/lib/probes/probeSchedule";
import { describeEachBackend } from "./backends";
import { LOUPE_TEST_MODEL, NO_TEST_MODEL, testModelTitle } from "./sharedFixtures";
import { useTestAccounts } from "./testDb";

interface RunBody {
  id: number; model: string; status: string; isBaseline: boolean; meanKl: number | null; meanEntropyShift: number | null;
  argmaxChangedShare: number | null; alertRaised: boolean; alertId: number | null; label: string; trafficShifts: number;
  prompts: Array<{ promptIndex: number; meanKl: number | null; firstDivergences: Array<number | null> }>;
  movedPositions: Array<{ promptIndex: number; position: number; kl: number; firstDivergence: boolean; baselineToken: string; runToken: string; baselineWindow: Array<{ token: string }>; runWindow: unknown[]; windowStart: number }>;
  outputs: Array<{ promptIndex: number; outputText: string }>;
}

/**
 * Drift probes end to end on SQLite and PostgreSQL, nothing mocked: provider `local` runs the
 * real small model in-process. Baseline on stories260K; an identical greedy rerun compares at
 * exactly KL 0; the same prompts on `stories260K-biased` (the same file with " Lily" biased by
 * −5, the token greedy decoding names the girl with) raise KL above the threshold and a
 * `modelDrift` alert. A provider that is down leaves a failed run and a 502.
 */
const PROMPTS = ["Once upon a time", "Once upon a time, there was a little girl named"];

describeEachBackend(testModelTitle("drift probes API on the real local model"), () => {
  const testDb = useTestAccounts();
  const saved = { model: process.env.LOUPE_LOCAL_MODEL, providers: process.env.LOUPE_PROVIDERS };
  beforeAll(() => {
    process.env.LOUPE_LOCAL_MODEL = JSON.stringify([
      { name: "stories260K", path: LOUPE_TEST_MODEL },
      { name: "stories260K-biased", path: LOUPE_TEST_MODEL, tokenBias: { " Lily": -5 } },
    ]);
    // Port 9 (discard) has no listener here: a provider that is down.
    process.env.LOUPE_PROVIDERS = JSON.stringify([{ id: "down", baseURL: "http://127.0.0.1:9/v1" }]);
    resetEnvCache();
  });
  afterAll(() => {
    for (const [name, value] of [["LOUPE_LOCAL_MODEL", saved.model], ["LOUPE_PROVIDERS", saved.providers]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  });

  const request = (path: string, init: RequestInit = {}) =>
    new Request(`http://localhost${path}`, { ...init, headers: { authorization: `Bearer ${testDb.apiKey}`, "content-type": "application/json", ...init.headers } });
  const params = <T>(value: T) => ({ params: Promise.resolve(value) });
  const create = (body: unknown) => postProbe(request("/api/v1/probes", { method: "POST", body: JSON.stringify(body) }));
  const run = async (id: string, body?: unknown) => postRun(request(`/api/v1/probes/${id}/runs`, { method: "POST", ...(body === undefined ? {} : { body: JSON.stringify(body) }) }), params({ id }));
  const runOk = async (id: string, body?: unknown) => {
    const response = await run(id, body);
    const json = (await response.json()) as RunBody;
    expect(response.status, JSON.stringify(json)).toBe(201);
    return json;
  };
  const errorOf = async (response: Response) => ({ status: response.status, ...((await response.json()) as { error: { code: string; message: string } }).error });

  let setId = "";
  const runIds: Record<string, number> = {};

  it.skipIf(NO_TEST_MODEL)("creates a probe set with the provider's highest top_logprobs and temperature 0 by default", async () => {
    const response = await create({ name: "stories drift", providerId: "local", model: "stories260K", prompts: PROMPTS, maxTokens: 24 });
    expect(response.status).toBe(201);
    const set = (await response.json()) as { id: string; topLogprobs: number; temperature: number; klThreshold: number; runsPerPrompt: number; intervalMinutes: number | null; nextRunAt: string | null };
    expect(set).toMatchObject({ topLogprobs: 20, temperature: 0, klThreshold: 0.1, runsPerPrompt: 1, intervalMinutes: null, nextRunAt: null });
    setId = set.id;
    const list = (await (await listProbes(request("/api/v1/probes"))).json()) as { data: Array<{ id: string }> };
    expect(list.data.map((s) => s.id)).toEqual([setId]);
  });

  it.skipIf(NO_TEST_MODEL)("answers bad input with 400s naming the problem, never a 500", async () => {
    const base = { name: "x", providerId: "local", model: "stories260K", prompts: ["a"] };
    expect(await errorOf(await create({ ...base, topLogprobs: 21 }))).toMatchObject({ status: 400, code: "provider_limit" });
    expect(await errorOf(await create({ ...base, providerId: "nope" }))).toMatchObject({ status: 400, code: "unknown_provider" });
    expect(await errorOf(await create({ ...base, model: "gpt-9" }))).toMatchObject({ status: 400, code: "unknown_model" });
    expect(await errorOf(await create({ ...base, prompts: [] }))).toMatchObject({ status: 400, code: "invalid_request" });
    expect(await errorOf(await create({ ...base, intervalMinutes: 1 }))).toMatchObject({ status: 400, code: "invalid_request" });
    expect(await errorOf(await create({ ...base, extra: true }))).toMatchObject({ status: 400, code: "invalid_request" });
    expect(await errorOf(await postProbe(request("/api/v1/probes", { method: "POST", body: "{" })))).toMatchObject({ status: 400, code: "invalid_json" });
    expect(await errorOf(await run(setId, { model: "stories-unknown" }))).toMatchObject({ status: 400, code: "unknown_model" });
    expect(await errorOf(await getProbe(request("/api/v1/probes/x"), params({ id: "x" })))).toMatchObject({ status: 400 });
    const missing = "00000000-0000-4000-8000-000000000000";
    expect(await errorOf(await getProbe(request(`/api/v1/probes/${missing}`), params({ id: missing })))).toMatchObject({ status: 404, code: "not_found" });
  });

  it.skipIf(NO_TEST_MODEL)("makes the first run the baseline; an identical greedy rerun compares at KL exactly 0", async () => {
    const baseline = await runOk(setId);
    expect(baseline).toMatchObject({ isBaseline: true, meanKl: null, alertRaised: false, label: "baseline", status: "completed" });
    expect(baseline.outputs.map((o) => o.outputText)[1]).toContain(" Lily");
    runIds.baseline = baseline.id;
    const rerun = await runOk(setId);
    expect(rerun).toMatchObject({ isBaseline: false, meanKl: 0, meanEntropyShift: 0, argmaxChangedShare: 0, alertRaised: false, alertId: null, label: "stable" });
    expect(rerun.prompts.map((p) => p.firstDivergences)).toEqual([[null], [null]]);
    expect(rerun.movedPositions).toEqual([]);
    runIds.rerun = rerun.id;
  });

  it.skipIf(NO_TEST_MODEL)("the biased model raises KL above the threshold, reports the first divergence at \" Lily\" and fires modelDrift", async () => {
    const drifted = await runOk(setId, { model: "stories260K-biased" });
    expect(drifted.model).toBe("stories260K-biased");
    expect(drifted.meanKl).toBeGreaterThan(0.1);
    expect(drifted).toMatchObject({ isBaseline: false, alertRaised: true, label: "modelDrift" });
    expect(drifted.argmaxChangedShare).toBeGreaterThan(0);
    // Both prompts diverge where the baseline named "Lily"; the moved positions start there.
    for (const prompt of drifted.prompts) expect(prompt.firstDivergences[0]).not.toBeNull();
    const top = drifted.movedPositions[0]!;
    expect(top).toMatchObject({ firstDivergence: true, baselineToken: " Lily" });
    expect(top.runToken).not.toBe(" Lily");
    expect(top.baselineWindow.at(-1)!.token).toBe(" Lily");
    expect(top.baselineWindow).toHaveLength(top.position - top.windowStart + 1);
    runIds.drifted = drifted.id;

    const alerts = (await (await listAlerts(request("/api/v1/alerts?detector=modelDrift"))).json()) as { data: Array<{ id: number; model: string; value: number; threshold: number; evidence: { runId: number; probeSetId: string } }> };
    expect(alerts.data).toHaveLength(1);
    expect(alerts.data[0]).toMatchObject({ id: drifted.alertId, model: "stories260K-biased", threshold: 0.1, evidence: { runId: drifted.id, probeSetId: setId } });
    expect(alerts.data[0]!.value).toBeCloseTo(drifted.meanKl!, 12);

    const runs = (await (await listRuns(request(`/api/v1/probes/${setId}/runs`), params({ id: setId }))).json()) as { data: RunBody[] };
    expect(runs.data.map((r) => [r.id, r.isBaseline, r.alertRaised, r.label])).toEqual([
      [runIds.drifted, false, true, "modelDrift"],
      [runIds.rerun, false, false, "stable"],
      [runIds.baseline, true, false, "baseline"],
    ]);
    expect(runs.data.map((r) => r.meanKl)).toEqual([drifted.meanKl, 0, null]);
  });

  it.skipIf(NO_TEST_MODEL)("labels a stable run data drift when the model's production traffic shifted since the previous run", async () => {
    const now = Date.now();
    await db().insertInto("alerts").values({
      project_id: DEFAULT_PROJECT_ID, detector: "trendShift", dedupe_key: `trend:stories260K:${now}`, response_id: null, model: "stories260K",
      severity: "warning", value: -3, threshold: -2, evidence: JSON.stringify({ positions: [] }), occurred_at: now - 1, created_at: now, updated_at: now,
    }).execute();
    const stable = await runOk(setId);
    expect(stable).toMatchObject({ meanKl: 0, alertRaised: false, trafficShifts: 1, label: "dataDrift" });
  });

  it.skipIf(NO_TEST_MODEL)("a chosen run becomes the baseline and the others are compared with it again", async () => {
    expect(await errorOf(await patchRun(request(`/api/v1/probes/${setId}/runs/${runIds.rerun}`, { method: "PATCH", body: JSON.stringify({ baseline: false }) }), params({ id: setId, runId: String(runIds.rerun) })))).toMatchObject({ status: 400 });
    const response = await patchRun(request(`/api/v1/probes/${setId}/runs/${runIds.drifted}`, { method: "PATCH", body: JSON.stringify({ baseline: true }) }), params({ id: setId, runId: String(runIds.drifted) }));
    expect(response.status).toBe(200);
    const runs = (await (await listRuns(request(`/api/v1/probes/${setId}/runs`), params({ id: setId }))).json()) as { data: RunBody[] };
    const byId = new Map(runs.data.map((r) => [r.id, r]));
    expect(byId.get(runIds.drifted!)!.isBaseline).toBe(true);
    expect(byId.get(runIds.baseline!)!.isBaseline).toBe(false);
    // The old baseline, seen from the biased run, has moved as much (KL is not symmetric, but it is well above 0).
    expect(byId.get(runIds.baseline!)!.meanKl).toBeGreaterThan(0.1);
    expect(byId.get(runIds.rerun!)!.meanKl).toBe(byId.get(runIds.baseline!)!.meanKl);
    // Alerts record what a run looked like when it ran: the rerun raised none and still has none.
    expect(byId.get(runIds.rerun!)!.alertRaised).toBe(false);
  });

  it.skipIf(NO_TEST_MODEL)("tells a key that may change runs but not read them which run it changed, not its outputs or KL", async () => {
    const ingestOnly = "ingest-only-key-probes-0123456789";
    await insertApiKey(db(), DEFAULT_PROJECT_ID, ingestOnly, "ingest only", ["ingest"]);
    const response = await patchRun(
      request(`/api/v1/probes/${setId}/runs/${runIds.drifted}`, { method: "PATCH", body: JSON.stringify({ baseline: true }), headers: { authorization: `Bearer ${ingestOnly}` } }),
      params({ id: setId, runId: String(runIds.drifted) }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["error", "finishedAt", "id", "isBaseline", "model", "startedAt", "status"]);
    expect(body).toMatchObject({ id: runIds.drifted, isBaseline: true });
  });

  it.skipIf(NO_TEST_MODEL)("runs a scheduled set once when due (the job and npm run probes), then not until its interval has passed", async () => {
    const patched = await patchProbe(request(`/api/v1/probes/${setId}`, { method: "PATCH", body: JSON.stringify({ intervalMinutes: 60 }) }), params({ id: setId }));
    expect(patched.status).toBe(200);
    const before = (await (await listRuns(request(`/api/v1/probes/${setId}/runs`), params({ id: setId }))).json()) as { data: RunBody[] };
    const now = Date.now();
    // Two instances (or the app and cron) at once: the claim lets one of them run it.
    const both = await Promise.all([runDueProbeSets(db(), now), runDueProbeSets(db(), now)]);
    expect(both.map((result) => result.ran).sort()).toEqual([0, 1]);
    expect(both.every((result) => result.failed === 0)).toBe(true);
    expect(await runDueProbeSets(db(), now + 59 * 60_000)).toEqual({ ran: 0, failed: 0 });
    const after = (await (await listRuns(request(`/api/v1/probes/${setId}/runs`), params({ id: setId }))).json()) as { data: RunBody[] };
    expect(after.data).toHaveLength(before.data.length + 1);
  });

  it.skipIf(NO_TEST_MODEL)("keeps the baseline when only the schedule or threshold changes, and clears it when the prompts change", async () => {
    const baselines = async () => ((await (await listRuns(request(`/api/v1/probes/${setId}/runs`), params({ id: setId }))).json()) as { data: RunBody[] }).data.filter((r) => r.isBaseline).length;
    const patch = (body: unknown) => patchProbe(request(`/api/v1/probes/${setId}`, { method: "PATCH", body: JSON.stringify(body) }), params({ id: setId }));
    expect((await patch({ klThreshold: 0.2, prompts: PROMPTS })).status).toBe(200);
    expect(await baselines()).toBe(1);
    expect(await errorOf(await patch({}))).toMatchObject({ status: 400, code: "invalid_request" });
    expect((await patch({ prompts: [PROMPTS[0]] })).status).toBe(200);
    expect(await baselines()).toBe(0);
    expect(await runOk(setId)).toMatchObject({ isBaseline: true, label: "baseline" });
  });

  it.skipIf(NO_TEST_MODEL)("stores a failed run and answers 502 when the provider is down", async () => {
    const created = (await (await create({ name: "down", providerId: "down", model: "m", prompts: ["hi"], topLogprobs: 5 })).json()) as { id: string };
    const failure = await errorOf(await run(created.id));
    expect(failure).toMatchObject({ status: 502, code: "provider_error" });
    expect(failure.message).toMatch(/cannot reach provider down/);
    const runs = (await (await listRuns(request(`/api/v1/probes/${created.id}/runs`), params({ id: created.id }))).json()) as { data: RunBody[] };
    expect(runs.data.map((r) => [r.status, r.label, r.isBaseline])).toEqual([["failed", "failed", false]]);
  });

  it.skipIf(NO_TEST_MODEL)("deletes a probe set with its runs", async () => {
    const response = await deleteProbe(request(`/api/v1/probes/${setId}`, { method: "DELETE" }), params({ id: setId }));
    expect(response.status).toBe(204);
    expect((await getProbe(request(`/api/v1/probes/${setId}`), params({ id: setId }))).status).toBe(404);
    expect(await db().selectFrom("probe_runs").select("id").where("probe_set_id", "=", setId).execute()).toEqual([]);
  });
});
