import { expect, it } from "vitest";
import { POST as acceptInvite } from "@/app/api/auth/invitations/accept/route";
import { POST as setup } from "@/app/api/auth/setup/route";
import { POST as invite } from "@/app/api/v1/projects/[projectId]/members/route";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

const ORIGIN = "http://localhost";
const json = (path: string, body: unknown, cookie?: string) =>
  new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, host: "localhost", ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
const cookieOf = (response: Response) => (response.headers.get("set-cookie") ?? "").split(";")[0] as string;

/** Parallel requests against the real route handlers on a fresh database (SQLite and PostgreSQL): check and insert are one step. */
describeEachBackend("first-run setup under parallel requests", ({ db }) => {
  useTestAccounts();
  const usersWhere = async (where: { email?: string; isAdmin?: boolean }) =>
    (
      await db()
        .selectFrom("users")
        .select("id")
        .$if(where.email !== undefined, (query) => query.where("email", "=", where.email as string))
        .$if(where.isAdmin !== undefined, (query) => query.where("is_admin", "=", where.isAdmin as boolean))
        .execute()
    ).length;
  let adminCookie = "";

  it("creates exactly one instance admin; every other request gets 409 already_set_up", async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => setup(json("/api/auth/setup", { email: `racer${i}@example.com`, name: `R${i}`, password: "parallel password" }))),
    );
    adminCookie = cookieOf(responses.find((r) => r.status === 200) as Response);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    for (const response of responses.filter((r) => r.status === 409)) expect((await response.json()).error.code).toBe("already_set_up");
    expect(await usersWhere({})).toBe(1);
    expect(await usersWhere({ isAdmin: true })).toBe(1);
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
    expect(await usersWhere({ email: "once@example.com" })).toBe(1);
    const memberships = await db().selectFrom("project_members as m").innerJoin("users as u", "u.id", "m.user_id").select("m.project_id").where("u.email", "=", "once@example.com").execute();
    expect(memberships).toHaveLength(1);
  });
});
