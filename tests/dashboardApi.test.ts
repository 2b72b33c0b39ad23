import { beforeAll, describe, expect, it } from "vitest";
import { GET as responseLocation } from "@/app/api/v1/responses/[id]/location/route";
import { GET as countResponses } from "@/app/api/v1/responses/count/route";
import { GET as kpis } from "@/app/api/v1/stats/kpis/route";
import { GET as rangeHint } from "@/app/api/v1/stats/range-hint/route";
import { createProject } from "@/lib/accounts/projects";
import { inviteMember } from "@/lib/accounts/members";
import { createUser } from "@/lib/accounts/users";
import { SYSTEM_ACTOR } from "@/lib/audit/auditLog";
import { createSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { db } from "@/lib/db/database";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

/**
 * The small endpoints the dashboard needs around the list and the overview: what lies outside
 * the range (item 15), the explorer's total (item 21), where a response lives (item 22).
 */
const DAY = 86_400_000;
const T0 = Date.parse("2026-11-01T00:00:00Z");
const OLD = Date.parse("2024-12-09T10:00:00Z");

const record = (id: string, at: number, model: string, tags: string[] = [], lowest = -0.4) => ({
  id, model, timestamp: at, tags,
  response: { tokens: [{ token: "a", logprob: -0.2 }, { token: "b", logprob: lowest }] },
});

describeEachBackend("dashboard API", () => {
  const testDb = useTestAccounts();
  let ids: Record<string, number> = {};
  beforeAll(async () => {
    const records = [
      record("old1", OLD - 30 * DAY, "m1"),
      record("old2", OLD, "m1", ["rag"]),
      record("old3", OLD - DAY, "m2"),
      record("now1", T0 + 1000, "m1", ["rag"]),
      record("now2", T0 + 2000, "m2", [], -1.2),
      record("later", T0 + 10 * DAY, "m1"),
    ];
    const summary = await ingestRecords(db(), DEFAULT_PROJECT_ID, records.map((value) => ({ value })));
    expect(summary.errors).toBe(0);
    ids = Object.fromEntries(records.map((r, i) => [r.id, summary.results[i]?.id as number]));
  });

  const withKey = (path: string) => new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${testDb.apiKey}` } });

  describe("GET /api/v1/stats/range-hint", () => {
    it("counts the responses outside the range, with the newest and oldest of them", async () => {
      const response = await rangeHint(withKey(`/api/v1/stats/range-hint?from=${T0}&to=${T0 + DAY}`));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ outside: 4, latest: T0 + 10 * DAY, earliest: OLD - 30 * DAY });
    });

    it("keeps the model and tag filters", async () => {
      const byModel = await (await rangeHint(withKey(`/api/v1/stats/range-hint?from=${T0}&to=${T0 + DAY}&model=m2`))).json();
      expect(byModel).toEqual({ outside: 1, latest: OLD - DAY, earliest: OLD - DAY });
      const byTag = await (await rangeHint(withKey(`/api/v1/stats/range-hint?from=${T0}&to=${T0 + 20 * DAY}&tag=rag`))).json();
      expect(byTag).toEqual({ outside: 1, latest: OLD, earliest: OLD });
    });

    it("answers 0 and nulls when nothing lies outside, and 400 on a bad range", async () => {
      expect(await (await rangeHint(withKey(`/api/v1/stats/range-hint?from=${OLD - 40 * DAY}&to=${OLD - 39 * DAY}&model=none`))).json()).toEqual({ outside: 0, latest: null, earliest: null });
      const bad = await rangeHint(withKey(`/api/v1/stats/range-hint?from=${T0}&to=${T0 - 1}`));
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.code).toBe("invalid_request");
    });
  });

  describe("GET /api/v1/stats/kpis, probability side", () => {
    it("adds the mean of each response's lowest token logprob (the overview shows exp of it)", async () => {
      const body = await (await kpis(withKey(`/api/v1/stats/kpis?from=${T0}&to=${T0 + DAY}`))).json();
      expect(body.current.meanMinLogprob).toBeCloseTo((-0.4 - 1.2) / 2, 12);
      expect(body.previous.meanMinLogprob).toBeNull();
    });
  });

  describe("GET /api/v1/responses/count", () => {
    it("counts what the list filters match", async () => {
      const total = async (query: string) => {
        const response = await countResponses(withKey(`/api/v1/responses/count?${query}`));
        expect(response.status).toBe(200);
        return ((await response.json()) as { total: number }).total;
      };
      expect(await total("")).toBe(6);
      expect(await total(`from=${T0}&to=${T0 + DAY}`)).toBe(2);
      expect(await total("model=m1")).toBe(4);
      expect(await total("tag=rag")).toBe(2);
      expect(await total("model=m1&tag=rag&from=2026-01-01T00:00:00Z")).toBe(1);
      // Paging and sort parameters of the list are accepted and do not change the count.
      expect(await total("model=m1&limit=1&cursor=5&sort=perplexity")).toBe(4);
    });

    it("refuses bad filters with 400 and a missing key with 401", async () => {
      const bad = await countResponses(withKey("/api/v1/responses/count?flagged=maybe"));
      expect(bad.status).toBe(400);
      const anonymous = await countResponses(new Request("http://localhost/api/v1/responses/count"));
      expect(anonymous.status).toBe(401);
    });
  });

  describe("GET /api/v1/responses/{id}/location", () => {
    let memberCookie = "";
    let outsiderCookie = "";
    let otherProject = "";
    let otherId = 0;

    beforeAll(async () => {
      const memberId = await createUser(db(), { email: "member@example.com", name: "Mia", password: "long enough password", isAdmin: false });
      const outsiderId = await createUser(db(), { email: "outsider@example.com", name: "Ola", password: "long enough password", isAdmin: false });
      otherProject = (await createProject(db(), "Support bot", SYSTEM_ACTOR)).id;
      await inviteMember(db(), otherProject, "member@example.com", "viewer", SYSTEM_ACTOR);
      await inviteMember(db(), DEFAULT_PROJECT_ID, "outsider@example.com", "viewer", SYSTEM_ACTOR);
      const summary = await ingestRecords(db(), otherProject, [{ value: record("elsewhere", T0, "m3") }]);
      otherId = summary.results[0]?.id as number;
      memberCookie = `${SESSION_COOKIE}=${(await createSession(db(), memberId)).token}`;
      outsiderCookie = `${SESSION_COOKIE}=${(await createSession(db(), outsiderId)).token}`;
    });

    const locate = (id: number | string, cookie?: string) =>
      responseLocation(new Request(`http://localhost/api/v1/responses/${id}/location`, { headers: cookie ? { cookie } : {} }), { params: Promise.resolve({ id: String(id) }) });

    it("names the project a readable response lives in", async () => {
      const response = await locate(otherId, memberCookie);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ projectId: otherProject, projectName: "Support bot" });
    });

    it("answers 404 for a project the user cannot read, and for unknown ids; 400 for junk; 401 signed out", async () => {
      expect((await locate(otherId, outsiderCookie)).status).toBe(404);
      expect((await locate(ids.now1 as number, memberCookie)).status).toBe(404);
      expect((await locate(999_999, memberCookie)).status).toBe(404);
      const junk = await locate("abc", memberCookie);
      expect(junk.status).toBe(400);
      expect((await junk.json()).error.code).toBe("invalid_request");
      expect((await locate(otherId)).status).toBe(401);
    });
  });
});
