import { beforeAll, expect, it } from "vitest";
import { PATCH as patchAlert } from "@/app/api/v1/alerts/[id]/route";
import { GET as listAlerts, PATCH as patchAlerts } from "@/app/api/v1/alerts/route";
import { POST as createProject } from "@/app/api/v1/projects/route";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";
import { joinProject, sessionRequest as send, setupAdmin } from "./sessionRequests";

/** The alert API from the dashboard (session): viewers read, members change statuses, same origin only. */

describeEachBackend("alert API with a session", ({ db }) => {
  useTestAccounts();
  let project = "";
  let viewer = "";
  let member = "";
  let alertIds: number[] = [];

  beforeAll(async () => {
    const admin = await setupAdmin();
    project = (await (await createProject(send("POST", "/api/v1/projects", admin, { name: "Alerts" }))).json()).id as string;
    const join = (email: string, role: string) => joinProject(admin, project, email, role);
    viewer = await join("viewer@example.com", "viewer");
    member = await join("member@example.com", "member");
    // avg -4.005, one drop: lowAvgLogprob, highPerplexity, lowConfidenceRatio, suddenDrops
    await ingestRecords(db(), project, [{ value: { id: "s-1", model: "m", response: { tokens: [{ token: "ok", logprob: -0.01 }, { token: " no", logprob: -8 }] } } }]);
  });

  it("a viewer reads the project's alerts but may not change them", async () => {
    const listed = await listAlerts(send("GET", `/api/v1/alerts?project=${project}`, viewer));
    expect(listed.status).toBe(200);
    alertIds = ((await listed.json()).data as Array<{ id: number }>).map((a) => a.id);
    expect(alertIds).toHaveLength(4);
    const refused = await patchAlerts(send("PATCH", `/api/v1/alerts?project=${project}`, viewer, { ids: alertIds, status: "resolved" }));
    expect(refused.status).toBe(403);
  });

  it("a member changes them from the same origin only, and is named as who did", async () => {
    const id = alertIds[0] as number;
    const crossSite = await patchAlert(send("PATCH", `/api/v1/alerts/${id}?project=${project}`, member, { status: "acknowledged" }, "http://evil.example"), { params: Promise.resolve({ id: String(id) }) });
    expect(crossSite.status).toBe(403);
    const ok = await patchAlert(send("PATCH", `/api/v1/alerts/${id}?project=${project}`, member, { status: "acknowledged" }), { params: Promise.resolve({ id: String(id) }) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id, status: "acknowledged", statusChangedBy: "member@example.com" });
    // Another project's alerts are not reachable through this one.
    const elsewhere = await patchAlerts(send("PATCH", "/api/v1/alerts?project=default", member, { ids: [id], status: "resolved" }));
    expect(elsewhere.status).toBe(404);
  });
});
