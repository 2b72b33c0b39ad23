import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as acceptInvite } from "@/app/api/auth/invitations/accept/route";
import { POST as setup } from "@/app/api/auth/setup/route";
import { POST as invite } from "@/app/api/v1/projects/[projectId]/members/route";
import { useTestDatabase } from "./testDb";

/** Parallel requests against the real route handlers on a fresh database: check and insert are one step. */
let testDb: ReturnType<typeof useTestDatabase>;
beforeAll(() => {
  testDb = useTestDatabase();
});
afterAll(() => testDb.cleanup());

const ORIGIN = "http://localhost";
const json = (path: string, body: unknown, cookie?: string) =>
  new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, host: "localhost", ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
const cookieOf = (response: Response) => (response.headers.get("set-cookie") ?? "").split(";")[0] as string;
const count = (sql: string) => (testDb.db.prepare(sql).get() as { n: number }).n;

describe("first-run setup under parallel requests", () => {
  let adminCookie = "";

  it("creates exactly one instance admin; every other request gets 409 already_set_up", async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => setup(json("/api/auth/setup", { email: `racer${i}@example.com`, name: `R${i}`, password: "parallel password" }))),
    );
    adminCookie = cookieOf(responses.find((r) => r.status === 200) as Response);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    for (const response of responses.filter((r) => r.status === 409)) expect((await response.json()).error.code).toBe("already_set_up");
    expect(count(`SELECT COUNT(*) AS n FROM users`)).toBe(1);
    expect(count(`SELECT COUNT(*) AS n FROM users WHERE is_admin = 1`)).toBe(1);
  });

  it("accepts one invitation once under eight parallel accepts: one account, the rest 404/409 in the error shape", async () => {
    const invited = await invite(json(`/api/v1/projects/default/members`, { email: "once@example.com", role: "member" }, adminCookie), { params: Promise.resolve({ projectId: "default" }) });
    expect(invited.status).toBe(201);
    const token = new URL((await invited.json()).inviteUrl).pathname.split("/").pop() as string;
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => acceptInvite(json("/api/auth/invitations/accept", { token, name: "Once", password: "accept password" }))),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    for (const response of responses.filter((r) => r.status !== 200)) {
      expect([404, 409]).toContain(response.status);
      expect((await response.json()).error.code).toMatch(/^(not_found|email_taken)$/);
    }
    expect(count(`SELECT COUNT(*) AS n FROM users WHERE email = 'once@example.com'`)).toBe(1);
    expect(count(`SELECT COUNT(*) AS n FROM project_members m JOIN users u ON u.id = m.user_id WHERE u.email = 'once@example.com'`)).toBe(1);
  });
});
