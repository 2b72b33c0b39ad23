import { beforeAll, describe, expect, it } from "vitest";
import { GET as responseClassificationsGet } from "@/app/api/v1/classification/responses/[id]/route";
import { GET as calibrationGet } from "@/app/api/v1/classification/tasks/[id]/calibration/route";
import { POST as groundTruthPost } from "@/app/api/v1/classification/tasks/[id]/ground-truth/route";
import { DELETE as taskDelete, GET as taskGet, PATCH as taskPatch } from "@/app/api/v1/classification/tasks/[id]/route";
import { GET as shiftGet } from "@/app/api/v1/classification/tasks/[id]/shift/route";
import { GET as thresholdsGet } from "@/app/api/v1/classification/tasks/[id]/thresholds/route";
import { GET as tasksGet, POST as tasksPost } from "@/app/api/v1/classification/tasks/route";
import { scoreTaskStep, startClassificationScoring } from "@/lib/classification/scoring";
import { raiseDistributionShiftAlerts, taskShiftAlerts } from "@/lib/classification/shiftAlerts";
import { createTask, getTask } from "@/lib/classification/tasks";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { createDataLayer, db } from "@/lib/db/database";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

/**
 * The classification API on real databases: tasks, background and ingest-time scoring, ground
 * truth with per-line errors, and calibration / threshold / shift figures checked against hand
 * computations from the records below.
 */
const T0 = Date.parse("2026-11-01T00:00:00Z");
const MIN = 60_000;

/** A response whose first token is "yes" or "no" with p(yes) = pYes among exactly these two alternatives. */
const classified = (id: string, at: number, pYes: number, tags: string[] = ["intent"]) => ({
  id, model: "clf", timestamp: at, tags,
  response: { tokens: [{ token: pYes >= 0.5 ? " Yes" : "no", logprob: Math.log(Math.max(pYes, 1 - pYes)), top: [{ token: " Yes", logprob: Math.log(pYes) }, { token: "no", logprob: Math.log(1 - pYes) }] }] },
});

describeEachBackend("classification API", (backend) => {
  const testDb = useTestAccounts();

  const send = async (handler: (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>, path: string, init: RequestInit = {}, id = "") => {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${testDb.apiKey}`);
    if (init.body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
    const response = await handler(new Request(`http://localhost${path}`, { ...init, headers }), { params: Promise.resolve({ id }) });
    return { status: response.status, body: await response.json() };
  };
  const ingest = async (records: unknown[]) => {
    const summary = await ingestRecords(db(), DEFAULT_PROJECT_ID, records.map((value) => ({ value })));
    expect(summary.errors).toBe(0);
  };
  const scoreToEnd = async (id: string) => {
    while (await scoreTaskStep(db(), id, 2));
  };

  // Time order A, C, B, D, E, F: the holdout (even positions) is A, B, E; the evaluation half C, D, F.
  const times = { A: T0 + 1 * MIN, C: T0 + 2 * MIN, B: T0 + 3 * MIN, D: T0 + 4 * MIN, E: T0 + 5 * MIN, F: T0 + 6 * MIN };
  let taskId = "";

  beforeAll(async () => {
    await ingest([
      classified("A", times.A, 0.9), // predicted yes, truth yes
      classified("B", times.B, 0.8), // predicted yes, truth no
      classified("C", times.C, 0.7), // predicted yes, truth yes
      classified("D", times.D, 0.4), // predicted no (0.6), truth no
      classified("Z", T0, 0.9, []), // not tagged: not the task's
      { id: "U", model: "clf", timestamp: T0 + 7 * MIN, tags: ["intent"], response: { tokens: [{ token: "Maybe", logprob: -0.1, top: [{ token: "Maybe", logprob: -0.1 }] }] } },
    ]);
  });

  it("creates a task, refusing labels that collide once case and spaces are ignored", async () => {
    const bad = await send(tasksPost, "/api/v1/classification/tasks", { method: "POST", body: JSON.stringify({ name: "x", labels: ["Yes", " yes"], tag: "intent" }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("same label");
    const one = await send(tasksPost, "/api/v1/classification/tasks", { method: "POST", body: JSON.stringify({ name: "x", labels: ["Yes"], tag: "intent" }) });
    expect(one.status).toBe(400);
    const created = await send(tasksPost, "/api/v1/classification/tasks", { method: "POST", body: JSON.stringify({ name: "Intent", labels: ["yes", "no"], tag: "intent" }) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Intent", labels: ["yes", "no"], tag: "intent", scoring: { status: "scoring" } });
    taskId = created.body.id;
    const list = await send(tasksGet, "/api/v1/classification/tasks");
    expect(list.body.tasks.map((t: { id: string }) => t.id)).toContain(taskId);
  });

  it("scores the tag's existing responses in the background, with progress", async () => {
    await scoreTaskStep(db(), taskId, 2);
    const midway = await send(taskGet, `/api/v1/classification/tasks/${taskId}`, {}, taskId);
    expect(midway.body.scoring.total).toBe(5);
    await scoreToEnd(taskId);
    const done = await send(taskGet, `/api/v1/classification/tasks/${taskId}`, {}, taskId);
    expect(done.body.scoring).toEqual({ status: "ready", scored: 5, total: 5, progress: 1 });
    const rows = await db().selectFrom("classification_scores").selectAll().where("task_id", "=", taskId).orderBy("occurred_at").execute();
    expect(rows.map((r) => r.external_id)).toEqual(["A", "C", "B", "D", "U"]);
    const unmatched = rows.find((r) => r.external_id === "U");
    expect(unmatched?.predicted).toBeNull();
    const d = rows.find((r) => r.external_id === "D");
    expect(d?.predicted).toBe("no");
    expect(d?.confidence).toBeCloseTo(0.6, 6);
    expect(d?.log_margin).toBeCloseTo(Math.log(0.6) - Math.log(0.4), 6);
    expect(d?.entropy_bits).toBeCloseTo(-(0.6 * Math.log2(0.6) + 0.4 * Math.log2(0.4)), 6);
  });

  it("scores new responses of the tag at ingest", async () => {
    await ingest([classified("E", times.E, 0.95), classified("F", times.F, 0.25)]);
    const rows = await db().selectFrom("classification_scores").select(["external_id", "predicted", "confidence"]).where("task_id", "=", taskId).where("external_id", "in", ["E", "F"]).orderBy("external_id").execute();
    expect(rows.map((r) => r.predicted)).toEqual(["yes", "no"]);
    expect(rows[1]?.confidence).toBeCloseTo(0.75, 6);
    const task = await send(taskGet, `/api/v1/classification/tasks/${taskId}`, {}, taskId);
    expect(task.body.scoring).toMatchObject({ status: "ready", scored: 7, total: 7 });
  });

  it("applies good ground-truth lines and reports the bad ones by line", async () => {
    const csv = ["external_id,label", "A,yes", "B,No", "C, yes", "D,no", "E,maybe", "E,yes", "F,yes", "ghost,yes", '"broken,yes', "Z,yes"].join("\n");
    const upload = await send(groundTruthPost, `/api/v1/classification/tasks/${taskId}/ground-truth`, { method: "POST", body: csv, headers: { "content-type": "text/csv" } }, taskId);
    expect(upload.status).toBe(200);
    expect(upload.body.applied).toBe(6);
    expect(upload.body.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [6, "unknown_label"], [9, "unknown_id"], [10, "invalid_line"], [11, "unknown_id"],
    ]);
    const jsonl = await send(groundTruthPost, `/api/v1/classification/tasks/${taskId}/ground-truth`, {
      method: "POST", body: '{"externalId":"U","label":"YES"}\nnot json\n', headers: { "content-type": "application/x-ndjson" },
    }, taskId);
    expect(jsonl.body).toEqual({ applied: 1, errors: [{ line: 2, code: "invalid_line", message: "not valid JSON" }] });
    const wrongType = await send(groundTruthPost, `/api/v1/classification/tasks/${taskId}/ground-truth`, { method: "POST", body: "A,yes", headers: { "content-type": "text/plain" } }, taskId);
    expect(wrongType.status).toBe(415);
    const stored = await db().selectFrom("classification_truths").select(["external_id", "label"]).where("task_id", "=", taskId).orderBy("external_id").execute();
    expect(stored).toEqual(["A", "B", "C", "D", "E", "F", "U"].map((id) => ({ external_id: id, label: { B: "no", D: "no", U: "yes" }[id] ?? "yes" })));
  });

  it("shows a response's tasks, score and ground truth (the token view)", async () => {
    const idOf = async (externalId: string) => (await db().selectFrom("responses").select("id").where("external_id", "=", externalId).executeTakeFirstOrThrow()).id;
    const b = await idOf("B");
    const { status, body } = await send(responseClassificationsGet, `/api/v1/classification/responses/${b}`, {}, String(b));
    expect(status).toBe(200);
    expect(body.externalId).toBe("B");
    expect(body.tasks).toHaveLength(1);
    expect(body.tasks[0]).toMatchObject({ taskId, labels: ["yes", "no"], truth: "no", score: { source: "top_logprobs", predicted: "yes", floored: [] } });
    expect(body.tasks[0].score.confidence).toBeCloseTo(0.8, 6);
    expect(body.tasks[0].score.probabilities[1]).toBeCloseTo(0.2, 6);
    const untagged = await send(responseClassificationsGet, `/api/v1/classification/responses/${await idOf("Z")}`, {}, String(await idOf("Z")));
    expect(untagged.body).toEqual({ externalId: "Z", tasks: [] });
    const missing = await send(responseClassificationsGet, "/api/v1/classification/responses/999999", {}, "999999");
    expect(missing.status).toBe(404);
  });

  it("answers calibration figures that match a hand computation", async () => {
    const { status, body } = await send(calibrationGet, `/api/v1/classification/tasks/${taskId}/calibration`, {}, taskId);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(["accuracy", "bins", "brier", "calibrated", "ece", "evaluated", "mce", "n", "nll", "temperature"]);
    expect(Object.keys(body.calibrated).sort()).toEqual(["brier", "ece", "mce", "nll"]);
    // U has ground truth but no matched label: not counted.
    expect(body.n).toBe(6);
    // confidence / correct: A .9 ✓, C .7 ✓, B .8 ✗, D .6 ✓, E .95 ✓, F .75 ✗ — one per bin (13, 10, 12, 9, 14, 11)
    expect(body.accuracy).toBeCloseTo(4 / 6, 12);
    expect(body.ece).toBeCloseTo((0.1 + 0.3 + 0.8 + 0.4 + 0.05 + 0.75) / 6, 6);
    expect(body.mce).toBeCloseTo(0.8, 6);
    expect(body.brier).toBeCloseTo((2 * 0.01 + 2 * 0.09 + 2 * 0.64 + 2 * 0.16 + 2 * 0.0025 + 2 * 0.5625) / 6, 6);
    expect(body.nll).toBeCloseTo(-(Math.log(0.9) + Math.log(0.7) + Math.log(0.2) + Math.log(0.6) + Math.log(0.95) + Math.log(0.25)) / 6, 6);
    expect(body.bins).toHaveLength(15);
    expect(body.bins[12]).toMatchObject({ count: 1, accuracy: 0 });

    // T fitted on the holdout A (p_true .9), B (.2), E (.95): the grid argmin of its NLL.
    const pTrue = (p: number, q: number, t: number) => p ** (1 / t) / (p ** (1 / t) + q ** (1 / t));
    const holdoutNll = (t: number) => -(Math.log(pTrue(0.9, 0.1, t)) + Math.log(pTrue(0.2, 0.8, t)) + Math.log(pTrue(0.95, 0.05, t))) / 3;
    let best = 1;
    for (let t = 0.05; t <= 20; t += 0.001) if (holdoutNll(t) < holdoutNll(best)) best = t;
    expect(body.temperature).toBeCloseTo(best, 2);
    // Calibrated figures on the evaluation half C (.7 yes ✓), D (.6 no ✓), F (.75 no ✗, truth yes).
    const T = body.temperature;
    const c = pTrue(0.7, 0.3, T);
    const d = pTrue(0.6, 0.4, T);
    const f = pTrue(0.75, 0.25, T); // the confidence in "no"; truth "yes" gets 1 - f
    expect(body.calibrated.nll).toBeCloseTo(-(Math.log(c) + Math.log(d) + Math.log(1 - f)) / 3, 5);
    expect(body.calibrated.brier).toBeCloseTo((2 * (1 - c) ** 2 + 2 * (1 - d) ** 2 + 2 * f ** 2) / 3, 5);
    const bins = new Map<number, Array<{ conf: number; correct: number }>>();
    for (const [conf, correct] of [[c, 1], [d, 1], [f, 0]] as const) {
      const b = Math.min(Math.floor(conf * 15), 14);
      bins.set(b, [...(bins.get(b) ?? []), { conf, correct }]);
    }
    let ece = 0;
    let mce = 0;
    for (const members of bins.values()) {
      const gap = Math.abs(members.reduce((s, m) => s + m.correct, 0) / members.length - members.reduce((s, m) => s + m.conf, 0) / members.length);
      ece += (members.length / 3) * gap;
      mce = Math.max(mce, gap);
    }
    expect(body.calibrated.ece).toBeCloseTo(ece, 5);
    expect(body.calibrated.mce).toBeCloseTo(mce, 5);
    // The same half as scored (T = 1), for the before/after table: C .7 ✓, D .6 ✓, F .75 ✗.
    expect(body.evaluated.n).toBe(3);
    expect(body.evaluated.nll).toBeCloseTo(-(Math.log(0.7) + Math.log(0.6) + Math.log(0.25)) / 3, 6);
    expect(body.evaluated.brier).toBeCloseTo((2 * 0.09 + 2 * 0.16 + 2 * 0.5625) / 3, 6);

    const windowed = await send(calibrationGet, `/api/v1/classification/tasks/${taskId}/calibration?from=${times.D}&to=${times.F}`, {}, taskId);
    expect(windowed.body.n).toBe(2); // D and E
    const bad = await send(calibrationGet, `/api/v1/classification/tasks/${taskId}/calibration?from=yesterday`, {}, taskId);
    expect(bad.status).toBe(400);
  });

  it("answers the PR/ROC curve and the operating point for a target precision, per label too", async () => {
    const { body } = await send(thresholdsGet, `/api/v1/classification/tasks/${taskId}/thresholds?targetPrecision=0.75`, {}, taskId);
    // Sorted confidences .95 ✓ .9 ✓ .8 ✗ .75 ✗ .7 ✓ .6 ✓: precision 1, 1, 2/3, 2/4, 3/5, 4/6.
    expect(body.points.map((p: { precision: number }) => p.precision)).toEqual([1, 1, 1, 2 / 3, 2 / 4, 3 / 5, 4 / 6].map((x) => expect.closeTo(x, 12)));
    expect(body.points[0].threshold).toBeNull();
    expect(body.operatingPoint.threshold).toBeCloseTo(0.9, 6);
    expect(body.operatingPoint.routedShare).toBeCloseTo(4 / 6, 12);
    expect(body.operatingPoint.precision).toBe(1);
    // ROC AUC: correct ones (4) vs wrong (2) ranked by confidence: pairs correct above wrong = 2·2 + 2·0 = 4 of 8.
    expect(body.rocAuc).toBeCloseTo(4 / 8, 12);
    const no = body.perLabel.find((l: { label: string }) => l.label === "no");
    expect(no.n).toBe(2); // F .75 ✗, D .6 ✓: precision 0 then 1/2, never 0.75
    expect(no.operatingPoint).toBeNull();
    const half = await send(thresholdsGet, `/api/v1/classification/tasks/${taskId}/thresholds?targetPrecision=0.5`, {}, taskId);
    const noAtHalf = half.body.perLabel.find((l: { label: string }) => l.label === "no");
    expect(noAtHalf.operatingPoint.threshold).toBeCloseTo(0.6, 6);
    expect(noAtHalf.operatingPoint.precision).toBe(0.5);
    expect(noAtHalf.operatingPoint.routedShare).toBe(0);
    const bad = await send(thresholdsGet, `/api/v1/classification/tasks/${taskId}/thresholds?targetPrecision=2`, {}, taskId);
    expect(bad.status).toBe(400);
  });

  describe("distribution shift", () => {
    const R = T0 + 10 * 24 * 60 * MIN;
    const C = R + 24 * 60 * MIN;
    let shiftTask = "";
    beforeAll(async () => {
      // 100 a window: stored alerts need MIN_SHIFT_ALERT_N in each.
      const reference = Array.from({ length: 100 }, (_, i) => classified(`r${i}`, R + i * (MIN / 2), 0.9 + (i % 10) / 100, ["drift", i % 2 ? "src:web" : "src:app"]));
      const current = Array.from({ length: 100 }, (_, i) => classified(`c${i}`, C + i * 12 * MIN, i % 2 ? 0.55 + (i % 10) / 100 : 0.9 + (i % 10) / 100, ["drift", i % 2 ? "src:web" : "src:app"]));
      const created = await send(tasksPost, "/api/v1/classification/tasks", { method: "POST", body: JSON.stringify({ name: "Drift", labels: ["yes", "no"], tag: "drift" }) });
      shiftTask = created.body.id;
      await ingest([...reference, ...current]);
    });

    it("PSI and KS overall, per source tag and over time; the web traffic moved, the app traffic did not", async () => {
      const path = `/api/v1/classification/tasks/${shiftTask}/shift?reference=${R},${R + 60 * MIN}&current=${C},${C + 24 * 60 * MIN}`;
      const { status, body } = await send(shiftGet, path, {}, shiftTask);
      expect(status).toBe(200);
      expect(body.reference.n).toBe(100);
      expect(body.current.n).toBe(100);
      expect(body.overall.confidence.psi).toBeGreaterThan(0.2);
      expect(body.overall.confidence.alert).toBe(true);
      // Half the current confidences (.55-.64) lie below every reference value (≥ .9): D = 1/2.
      expect(body.overall.confidence.ks).toBeCloseTo(0.5, 6);
      expect(body.overall.confidence.pValue).toBeLessThan(0.05);
      const web = body.byTag.find((t: { tag: string }) => t.tag === "src:web");
      const app = body.byTag.find((t: { tag: string }) => t.tag === "src:app");
      expect(web.signals.confidence.ks).toBeCloseTo(1, 6);
      expect(app.signals.confidence.psi).toBeCloseTo(0, 6);
      expect(app.signals.confidence.alert).toBe(false);
      expect(body.byTag.map((t: { tag: string }) => t.tag)).not.toContain("drift");
      expect(body.overTime).toHaveLength(12);
      expect(body.overTime.reduce((s: number, b: { n: number }) => s + b.n, 0)).toBe(100);
      const tagged = await send(shiftGet, `${path}&tag=src:app`, {}, shiftTask);
      expect(tagged.body.current.n).toBe(50);
      expect(tagged.body.overall.confidence.alert).toBe(false);
      const bad = await send(shiftGet, `/api/v1/classification/tasks/${shiftTask}/shift?reference=${R + 5},${R}&current=${C},${C + 1}`, {}, shiftTask);
      expect(bad.status).toBe(400);
    });

    it("calls for a distributionShift alert on the confidence PSI of the last 24 hours against the 7 days before", async () => {
      const task = { id: shiftTask, projectId: DEFAULT_PROJECT_ID, name: "Drift", tag: "drift" };
      // At C + 24 h: current = [C, C + 24 h) holds the 100 current responses, reference = [C − 7 d, C) the 100 reference ones.
      const alerts = await taskShiftAlerts(db(), task, C + 24 * 60 * MIN + 5 * MIN);
      const confidence = alerts.find((a) => a.evidence.signal === "confidence");
      expect(confidence).toMatchObject({ detector: "distributionShift", dedupeKey: `shift:${shiftTask}:confidence:${C + 24 * 60 * MIN}`, threshold: 0.2, occurredAt: C + 24 * 60 * MIN });
      expect(confidence?.value).toBeGreaterThan(0.2);
      expect(confidence?.evidence.current.n).toBe(100);
      // A day later the current window is empty: nothing to compare, no alert.
      expect(await taskShiftAlerts(db(), task, C + 48 * 60 * MIN)).toEqual([]);
    });

    it("stores them as alerts once, however often (and on however many instances) the job runs", async () => {
      const at = C + 24 * 60 * MIN + 5 * MIN;
      const stored = () => db().selectFrom("alerts").selectAll().where("detector", "=", "distributionShift").execute();
      // What a single run stores: every task's alerts called for at `at`.
      const tasks = await db().selectFrom("classification_tasks").select(["id", "project_id as projectId", "name", "tag"]).execute();
      const calledFor = (await Promise.all(tasks.map((task) => taskShiftAlerts(db(), task, at)))).flat().length;
      expect(calledFor).toBeGreaterThan(0);
      // Two instances (a second data layer: its own pool on PostgreSQL), two runs on each at once,
      // their pools connected beforehand so that no run starts behind the others; then one more run.
      const other = createDataLayer(backend.url);
      try {
        const layers = [db(), other, db(), other];
        await Promise.all([...layers, ...layers].map((layer) => layer.selectFrom("alerts").select("id").execute()));
        const raised = await Promise.all(layers.map((layer) => raiseDistributionShiftAlerts(layer, at)));
        expect(raised.reduce((sum, n) => sum + n, 0)).toBe(calledFor);
      } finally {
        await other.destroy();
      }
      expect(await raiseDistributionShiftAlerts(db(), at)).toBe(0);
      const rows = await stored();
      expect(rows).toHaveLength(calledFor);
      const confidence = rows.find((row) => row.dedupe_key === `shift:${shiftTask}:confidence:${C + 24 * 60 * MIN}`);
      expect(confidence).toMatchObject({ project_id: DEFAULT_PROJECT_ID, model: "task:Drift", status: "open", response_id: null });
      expect(JSON.parse(String(confidence?.evidence)).taskId).toBe(shiftTask);
    });
  });

  it("the background sweep picks up a task left scoring (after a restart, or created on another instance)", async () => {
    const task = await createTask(db(), DEFAULT_PROJECT_ID, { name: "Left over", labels: ["yes", "no"], tag: "intent" });
    const stop = startClassificationScoring(db(), 50);
    try {
      await expect.poll(async () => (await getTask(db(), DEFAULT_PROJECT_ID, task.id))?.scoring, { timeout: 5_000 }).toEqual({ status: "ready", scored: 7, total: 7, progress: 1 });
    } finally {
      stop();
    }
  });

  it("renames without rescoring, rescoring on a new label set, and deletes", async () => {
    const renamed = await send(taskPatch, `/api/v1/classification/tasks/${taskId}`, { method: "PATCH", body: JSON.stringify({ name: "Intent v2" }) }, taskId);
    expect(renamed.body).toMatchObject({ name: "Intent v2", scoring: { status: "ready" } });
    const relabelled = await send(taskPatch, `/api/v1/classification/tasks/${taskId}`, { method: "PATCH", body: JSON.stringify({ labels: ["yes", "no", "maybe"] }) }, taskId);
    expect(relabelled.body.scoring).toMatchObject({ status: "scoring", scored: 0 });
    await scoreToEnd(taskId);
    const u = await db().selectFrom("classification_scores").select(["predicted"]).where("task_id", "=", taskId).where("external_id", "=", "U").executeTakeFirst();
    expect(u?.predicted).toBe("maybe");
    const deleted = await send(taskDelete, `/api/v1/classification/tasks/${taskId}`, { method: "DELETE" }, taskId);
    expect(deleted.status).toBe(200);
    const gone = await send(taskGet, `/api/v1/classification/tasks/${taskId}`, {}, taskId);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe("not_found");
    const scores = await db().selectFrom("classification_scores").select("task_id").where("task_id", "=", taskId).execute();
    expect(scores).toEqual([]);
  });
});
