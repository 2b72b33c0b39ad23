import { beforeAll, expect, it } from "vitest";
import { POST as postJob } from "@/app/api/v1/detectors/jobs/route";
import { PUT as putSettings } from "@/app/api/v1/detectors/settings/route";
import { PATCH as patchTask } from "@/app/api/v1/classification/tasks/[id]/route";
import { POST as postTask } from "@/app/api/v1/classification/tasks/route";
import { insertApiKey } from "@/lib/auth/apiKeys";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

/**
 * A key with the `ingest` scope alone may change some project settings (tasks, re-apply jobs),
 * but the answers tell it what it wrote, not the project's data (README: the read API needs
 * `read`); the same calls with a key that also reads get the whole answer.
 */
describeEachBackend("ingest-only keys on write endpoints", ({ db }) => {
  const accounts = useTestAccounts();
  const ingestOnly = "ingest-only-key-writes-0123456789";
  const send = (handler: (request: Request, context: never) => Promise<Response>, path: string, method: string, body: unknown, key: string, context?: unknown) =>
    handler(new Request(`http://localhost${path}`, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) }), context as never);

  beforeAll(async () => {
    await insertApiKey(db(), DEFAULT_PROJECT_ID, ingestOnly, "ingest only", ["ingest"]);
    const tokens = [{ token: "yes", logprob: -0.1, top: [{ token: "yes", logprob: -0.1 }, { token: "no", logprob: -2.4 }] }];
    const summary = await ingestRecords(db(), DEFAULT_PROJECT_ID, [1, 2, 3].map((i) => ({ value: { id: `w${i}`, model: "m", timestamp: Date.now() - i * 60_000, tags: ["writes"], response: { tokens } } })));
    expect(summary.errors).toBe(0);
  });

  it("a classification task: its definition, not how many responses it scores", async () => {
    const created = await send(postTask, "/api/v1/classification/tasks", "POST", { name: "Writes", labels: ["yes", "no"], tag: "writes" }, ingestOnly);
    expect(created.status).toBe(201);
    const task = (await created.json()) as Record<string, unknown>;
    expect(task).toMatchObject({ name: "Writes", labels: ["yes", "no"], tag: "writes" });
    expect(task).not.toHaveProperty("scoring");
    const id = task.id as string;
    const renamed = await send(patchTask, `/api/v1/classification/tasks/${id}`, "PATCH", { name: "Renamed" }, ingestOnly, { params: Promise.resolve({ id }) });
    expect(await renamed.json()).not.toHaveProperty("scoring");
    const byReader = await send(patchTask, `/api/v1/classification/tasks/${id}`, "PATCH", { name: "Again" }, accounts.apiKey, { params: Promise.resolve({ id }) });
    expect(await byReader.json()).toMatchObject({ name: "Again", scoring: { total: 3 } });
  });

  it("detector settings: what changed, not the settings in force (a no-op PUT would read them)", async () => {
    const put = await send(putSettings, "/api/v1/detectors/settings", "PUT", { tag: "writes", detectors: { lowAvgLogprob: { thresholds: { threshold: -3.5 } } } }, ingestOnly);
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ tag: "writes", changed: ["lowAvgLogprob"] });
    const full = await (await send(putSettings, "/api/v1/detectors/settings", "PUT", { tag: "writes", detectors: {} }, accounts.apiKey)).json();
    expect(full).toMatchObject({ tag: "writes", changed: [], settings: { lowAvgLogprob: { thresholds: { threshold: -3.5 } } } });
  });

  it("a re-apply job: queued, without the count of responses in its window", async () => {
    const queued = await send(postJob, "/api/v1/detectors/jobs", "POST", { days: 1 }, ingestOnly);
    expect(queued.status).toBe(202);
    const job = (await queued.json()) as Record<string, unknown>;
    expect(Object.keys(job).sort()).toEqual(["createdAt", "createdBy", "days", "id", "status"]);
    const full = await (await send(postJob, "/api/v1/detectors/jobs", "POST", { days: 1 }, accounts.apiKey)).json();
    expect(full).toMatchObject({ days: 1, total: 3 });
  });
});
