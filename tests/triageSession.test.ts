import { beforeAll, expect, it } from "vitest";
import { PUT as putSettings } from "@/app/api/v1/detectors/settings/route";
import { DELETE as deleteWebhook } from "@/app/api/v1/projects/[projectId]/webhooks/[webhookId]/route";
import { GET as listWebhooks, POST as createWebhook } from "@/app/api/v1/projects/[projectId]/webhooks/route";
import { POST as createProject } from "@/app/api/v1/projects/route";
import { POST as postVerdict } from "@/app/api/v1/responses/[id]/verdict/route";
import { resetEnvCache } from "@/lib/config/env";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";
import { ORIGIN, joinProject, sessionRequest as send, setupAdmin } from "./sessionRequests";

/**
 * Verdicts, thresholds and webhooks from the dashboard (session): members judge and change
 * thresholds from the same origin, named as who did; webhooks are for project admins, and a
 * private or non-http URL is a 400 unless LOUPE_WEBHOOK_ALLOW_PRIVATE=1.
 */

describeEachBackend("triage, thresholds and webhooks with a session", ({ db }) => {
  useTestAccounts();
  let project = "";
  let admin = "";
  let viewer = "";
  let member = "";
  let responseId = 0;

  beforeAll(async () => {
    admin = await setupAdmin();
    project = (await (await createProject(send("POST", "/api/v1/projects", admin, { name: "Triage" }))).json()).id as string;
    const join = (email: string, role: string) => joinProject(admin, project, email, role);
    viewer = await join("viewer@example.com", "viewer");
    member = await join("member@example.com", "member");
    const summary = await ingestRecords(db(), project, [{ value: { id: "s-1", model: "m", response: { tokens: [{ token: "ok", logprob: -0.01 }, { token: " no", logprob: -8 }] } } }]);
    responseId = summary.results[0]?.id as number;
  });

  const verdict = (cookie: string, origin = ORIGIN) =>
    postVerdict(send("POST", `/api/v1/responses/${responseId}/verdict?project=${project}`, cookie, { verdict: "confirmed" }, origin), { params: Promise.resolve({ id: String(responseId) }) });

  it("a member gives a verdict from the same origin, named as who did; a viewer may not", async () => {
    expect((await verdict(viewer)).status).toBe(403);
    expect((await verdict(member, "http://evil.example")).status).toBe(403);
    const ok = await verdict(member);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ verdict: "confirmed", judgedBy: "member@example.com" });
  });

  it("a member changes thresholds, recorded under their email", async () => {
    const body = { detectors: { suddenDrops: { thresholds: { threshold: 2 } } } };
    expect((await putSettings(send("PUT", `/api/v1/detectors/settings?project=${project}`, viewer, body))).status).toBe(403);
    const ok = await putSettings(send("PUT", `/api/v1/detectors/settings?project=${project}`, member, body));
    expect(ok.status).toBe(200);
    const audit = await db().selectFrom("audit_log").select(["user_email", "action"]).where("project_id", "=", project).where("action", "=", "detector_settings.update").execute();
    expect(audit).toEqual([{ user_email: "member@example.com", action: "detector_settings.update" }]);
  });

  it("webhooks: admins add and remove them, private or non-http URLs are refused unless allowed", async () => {
    const params = { params: Promise.resolve({ projectId: project }) };
    const add = (cookie: string, url: string) => createWebhook(send("POST", `/api/v1/projects/${project}/webhooks`, cookie, { url }), params);
    expect((await add(member, "https://example.com/hook")).status).toBe(403);
    for (const url of ["http://127.0.0.1:9/hook", "http://localhost/hook", "http://[::1]/x", "http://169.254.169.254/latest", "ftp://example.com/", "not a url"]) {
      const refused = await add(admin, url);
      expect(refused.status, url).toBe(400);
      expect((await refused.json()).error.code, url).toBe("invalid_webhook_url");
    }
    process.env.LOUPE_WEBHOOK_ALLOW_PRIVATE = "1";
    resetEnvCache();
    try {
      const created = await add(admin, "http://127.0.0.1:9/hook");
      expect(created.status).toBe(201);
      const { webhook, secret } = (await created.json()) as { webhook: { id: string; url: string }; secret: string };
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
      const stored = await db().selectFrom("webhooks").select("secret_encrypted").where("id", "=", webhook.id).executeTakeFirstOrThrow();
      expect(stored.secret_encrypted).not.toContain(secret.slice(6));
      const listed = await (await listWebhooks(send("GET", `/api/v1/projects/${project}/webhooks`, member), params)).json();
      expect(listed.data).toEqual([expect.objectContaining({ id: webhook.id, url: "http://127.0.0.1:9/hook", delivered: 0, pending: 0, failed: 0 })]);
      expect(JSON.stringify(listed)).not.toContain(secret);
      const removeParams = { params: Promise.resolve({ projectId: project, webhookId: webhook.id }) };
      expect((await deleteWebhook(send("DELETE", `/api/v1/projects/${project}/webhooks/${webhook.id}`, admin), removeParams)).status).toBe(200);
      expect((await deleteWebhook(send("DELETE", `/api/v1/projects/${project}/webhooks/${webhook.id}`, admin), { params: Promise.resolve({ projectId: project, webhookId: webhook.id }) })).status).toBe(404);
    } finally {
      delete process.env.LOUPE_WEBHOOK_ALLOW_PRIVATE;
      resetEnvCache();
    }
  });
});
