import { beforeAll, expect, it } from "vitest";
import { POST as groundTruthPost } from "@/app/api/v1/classification/tasks/[id]/ground-truth/route";
import { GET as taskGet } from "@/app/api/v1/classification/tasks/[id]/route";
import { GET as tasksGet, POST as tasksPost } from "@/app/api/v1/classification/tasks/route";
import { POST as createProject } from "@/app/api/v1/projects/route";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";
import { ORIGIN, joinProject, params, sessionRequest as send, setupAdmin } from "./sessionRequests";

/** Who may read and write classification tasks: roles, the CSRF rule for cookies, project isolation. */

describeEachBackend("classification access", ({ db }) => {
  const accounts = useTestAccounts();
  let admin = "";
  let project = "";
  let viewer = "";
  let member = "";

  const join = (email: string, role: string) => joinProject(admin, project, email, role);

  beforeAll(async () => {
    admin = await setupAdmin();
    project = (await (await createProject(send("POST", "/api/v1/projects", admin, { name: "Classifiers" }))).json()).id;
    viewer = await join("viewer@example.com", "viewer");
    member = await join("member@example.com", "member");
    const summary = await ingestRecords(db(), project, [{ value: { id: "q1", model: "m", tags: ["spam"], response: { tokens: [{ token: "spam", logprob: -0.1, top: [{ token: "spam", logprob: -0.1 }, { token: "ham", logprob: -2.4 }] }] } } }]);
    expect(summary.errors).toBe(0);
  });

  it("a member creates a task and uploads ground truth from the dashboard (JSON); a viewer only reads", async () => {
    const body = { name: "Spam", labels: ["spam", "ham"], tag: "spam" };
    const refused = await tasksPost(send("POST", `/api/v1/classification/tasks?project=${project}`, viewer, body));
    expect(refused.status).toBe(403);
    const created = await tasksPost(send("POST", `/api/v1/classification/tasks?project=${project}`, member, body));
    expect(created.status).toBe(201);
    const id = (await created.json()).id as string;

    const list = await tasksGet(new Request(`${ORIGIN}/api/v1/classification/tasks?project=${project}`, { headers: { cookie: viewer } }));
    expect((await list.json()).tasks.map((t: { id: string }) => t.id)).toEqual([id]);

    const upload = await groundTruthPost(send("POST", `/api/v1/classification/tasks/${id}/ground-truth?project=${project}`, member, { format: "jsonl", content: '{"externalId":"q1","label":"SPAM"}' }), params({ id }));
    expect(await upload.json()).toEqual({ applied: 1, errors: [] });
    const viewerUpload = await groundTruthPost(send("POST", `/api/v1/classification/tasks/${id}/ground-truth?project=${project}`, viewer, { format: "csv", content: "q1,ham" }), params({ id }));
    expect(viewerUpload.status).toBe(403);
    const badFormat = await groundTruthPost(send("POST", `/api/v1/classification/tasks/${id}/ground-truth?project=${project}`, member, { format: "xml", content: "" }), params({ id }));
    expect(badFormat.status).toBe(400);
    expect((await badFormat.json()).error.code).toBe("invalid_request");
  });

  it("scores a record carrying metadata.labelLogprobs from those full-sequence logprobs, at ingest", async () => {
    const record = { id: "q2", model: "m", tags: ["spam"], metadata: { labelLogprobs: { " HAM": -0.2, spam: -1.9, other: -0.1 } }, response: { tokens: [{ token: "spam", logprob: -0.01, top: [{ token: "spam", logprob: -0.01 }] }] } };
    expect((await ingestRecords(db(), project, [{ value: record }])).ingested).toBe(1);
    const row = await db().selectFrom("classification_scores").select(["source", "predicted", "confidence", "floored"]).where("external_id", "=", "q2").executeTakeFirstOrThrow();
    // " HAM" matches the label ham (trimmed, any case); "other" is not a label and is ignored.
    expect(row).toMatchObject({ source: "sequence", predicted: "ham", floored: null });
    expect(row.confidence).toBeCloseTo(Math.exp(-0.2) / (Math.exp(-0.2) + Math.exp(-1.9)), 12);
  });

  it("refuses a cookie write from another origin", async () => {
    const response = await tasksPost(send("POST", `/api/v1/classification/tasks?project=${project}`, member, { name: "x", labels: ["a", "b"], tag: "t" }, "https://evil.example"));
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("csrf");
  });

  it("a key of another project does not see the task (404, not 403)", async () => {
    const list = await tasksGet(new Request(`${ORIGIN}/api/v1/classification/tasks?project=${project}`, { headers: { cookie: member } }));
    const id = (await list.json()).tasks[0].id as string;
    const response = await taskGet(new Request(`${ORIGIN}/api/v1/classification/tasks/${id}`, { headers: { authorization: `Bearer ${accounts.apiKey}` } }), params({ id }));
    expect(response.status).toBe(404);
  });
});
