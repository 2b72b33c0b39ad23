import { beforeAll, describe, expect, it } from "vitest";
import { POST as acceptInvite } from "@/app/api/auth/invitations/accept/route";
import { POST as setup } from "@/app/api/auth/setup/route";
import { GET as audit } from "@/app/api/v1/audit/route";
import { GET as listMembers, POST as invite } from "@/app/api/v1/projects/[projectId]/members/route";
import { DELETE as removeMember, PATCH as setRole } from "@/app/api/v1/projects/[projectId]/members/[userId]/route";
import { GET as listProjects, POST as createProject } from "@/app/api/v1/projects/route";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";
import { cookieOf, params, sessionGet as get, sessionRequest as send } from "./sessionRequests";

/** Membership changes through every path: the last-admin rule, the audit trail, invitations; on SQLite and PostgreSQL. */
describeEachBackend("memberships", ({ db }) => {
  useTestAccounts();
  const userId = async (email: string) => (await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  const roleOf = async (projectId: string, email: string) =>
    (
      await db()
        .selectFrom("project_members as m")
        .innerJoin("users as u", "u.id", "m.user_id")
        .select("m.role")
        .where("m.project_id", "=", projectId)
        .where("u.email", "=", email)
        .executeTakeFirst()
    )?.role ?? null;

  let instanceAdmin = "";
  /** Invites `email` into `projectId` and accepts; returns the new account's session cookie. */
  async function join(projectId: string, email: string, role: string, inviter = instanceAdmin): Promise<string> {
    const invited = await invite(send("POST", `/api/v1/projects/${projectId}/members`, inviter, { email, role }), params({ projectId }));
    expect(invited.status).toBe(201);
    const token = new URL((await invited.json()).inviteUrl).pathname.split("/").pop() as string;
    const accepted = await acceptInvite(send("POST", "/api/auth/invitations/accept", "", { token, name: email, password: "member password 1" }));
    expect(accepted.status).toBe(200);
    return cookieOf(accepted);
  }

  beforeAll(async () => {
    instanceAdmin = cookieOf(await setup(send("POST", "/api/auth/setup", "", { email: "root@example.com", name: "Root", password: "root password 1" })));
  });

  describe("the last-admin rule holds on every path", () => {
    it("refuses re-inviting yourself with a lower role when you are the project's only admin", async () => {
      const project = (await (await createProject(send("POST", "/api/v1/projects", instanceAdmin, { name: "Lonely" }))).json()).id as string;
      const soleAdmin = await join(project, "sole@example.com", "admin");
      // The instance admin is a member too (creator); demote them so sole@ is the only admin member.
      expect((await setRole(send("PATCH", `/api/v1/projects/${project}/members/${await userId("root@example.com")}`, soleAdmin, { role: "viewer" }), params({ projectId: project, userId: await userId("root@example.com") }))).status).toBe(200);

      const selfDemote = await invite(send("POST", `/api/v1/projects/${project}/members`, soleAdmin, { email: "sole@example.com", role: "viewer" }), params({ projectId: project }));
      expect(selfDemote.status).toBe(409);
      expect((await selfDemote.json()).error.code).toBe("last_admin");
      expect(await roleOf(project, "sole@example.com")).toBe("admin");
    });

    it("records a role change through the invite path as member.role_changed with before and after", async () => {
      const project = (await (await createProject(send("POST", "/api/v1/projects", instanceAdmin, { name: "Audited" }))).json()).id as string;
      await join(project, "changing@example.com", "viewer");
      const again = await invite(send("POST", `/api/v1/projects/${project}/members`, instanceAdmin, { email: "changing@example.com", role: "member" }), params({ projectId: project }));
      expect(again.status).toBe(201);
      expect(await roleOf(project, "changing@example.com")).toBe("member");
      const log = (await (await audit(get("/api/v1/audit", instanceAdmin))).json()).data as Array<{ action: string; projectId: string; details: Record<string, unknown> }>;
      const change = log.find((entry) => entry.projectId === project && entry.action === "member.role_changed");
      expect(change?.details).toMatchObject({ email: "changing@example.com", from: "viewer", to: "member" });
      expect(log.filter((entry) => entry.projectId === project && entry.action === "member.added")).toEqual([]);
    });
  });

  describe("an existing account joins another project only with its own password", () => {
    it("does not add a squatted address to a project at once: the invitation takes the account's password", async () => {
      // Mallory, admin of project A only, creates an account for alice@corp.example herself.
      const projectA = (await (await createProject(send("POST", "/api/v1/projects", instanceAdmin, { name: "Mallory's" }))).json()).id as string;
      const mallory = await join(projectA, "mallory@example.com", "admin");
      await join(projectA, "alice@corp.example", "viewer", mallory);
      // The instance admin then adds "Alice" to project B, which Mallory was never given.
      const projectB = (await (await createProject(send("POST", "/api/v1/projects", instanceAdmin, { name: "Secret B" }))).json()).id as string;
      const invited = await invite(send("POST", `/api/v1/projects/${projectB}/members`, instanceAdmin, { email: "alice@corp.example", role: "member" }), params({ projectId: projectB }));
      expect(invited.status).toBe(201);
      const body = (await invited.json()) as { joined: boolean; inviteUrl: string | null };
      expect(body.joined).toBe(false);
      expect(await roleOf(projectB, "alice@corp.example")).toBeNull();
      // The link goes to the real Alice, out of band; only the account's password accepts it.
      const token = new URL(body.inviteUrl as string).pathname.split("/").pop() as string;
      const guessed = await acceptInvite(send("POST", "/api/auth/invitations/accept", "", { token, password: "a new password 123" }));
      expect(guessed.status).toBe(401);
      // A short wrong password is a wrong password too, not a validation error.
      const short = await acceptInvite(send("POST", "/api/auth/invitations/accept", "", { token, password: "short" }));
      expect({ status: short.status, code: (await short.json()).error.code }).toEqual({ status: 401, code: "invalid_credentials" });
      expect(await roleOf(projectB, "alice@corp.example")).toBeNull();
      const accepted = await acceptInvite(send("POST", "/api/auth/invitations/accept", "", { token, password: "member password 1" }));
      expect(accepted.status).toBe(200);
      expect(await roleOf(projectB, "alice@corp.example")).toBe("member");
      // One account still: the accept joined it, created none.
      expect(await db().selectFrom("users").select("id").where("email", "=", "alice@corp.example").execute()).toHaveLength(1);
    });

    it("an older invitation accepted after a newer one applies its role under the last-admin rule", async () => {
      const project = (await (await createProject(send("POST", "/api/v1/projects", instanceAdmin, { name: "Two links" }))).json()).id as string;
      await join(project, "bob@example.com", "viewer");
      const other = (await (await createProject(send("POST", "/api/v1/projects", instanceAdmin, { name: "Bob's next" }))).json()).id as string;
      const tokenFor = async (role: string) => {
        const invited = await invite(send("POST", `/api/v1/projects/${other}/members`, instanceAdmin, { email: "bob@example.com", role }), params({ projectId: other }));
        expect(invited.status).toBe(201);
        return new URL((await invited.json()).inviteUrl).pathname.split("/").pop() as string;
      };
      const asViewer = await tokenFor("viewer");
      const asAdmin = await tokenFor("admin");
      const accept = (token: string) => acceptInvite(send("POST", "/api/auth/invitations/accept", "", { token, password: "member password 1" }));
      const adminAccept = await accept(asAdmin);
      expect(adminAccept.status).toBe(200);
      const bob = cookieOf(adminAccept);
      expect(await roleOf(other, "bob@example.com")).toBe("admin");
      // Bob makes himself the project's only admin; the old viewer link must not take that away.
      const root = await userId("root@example.com");
      expect((await setRole(send("PATCH", `/api/v1/projects/${other}/members/${root}`, bob, { role: "viewer" }), params({ projectId: other, userId: root }))).status).toBe(200);
      const refused = await accept(asViewer);
      expect({ status: refused.status, code: (await refused.json()).error.code }).toEqual({ status: 409, code: "last_admin" });
      expect(await roleOf(other, "bob@example.com")).toBe("admin");
      // With another admin, the link applies (it was not used up by the refusal).
      expect((await setRole(send("PATCH", `/api/v1/projects/${other}/members/${root}`, bob, { role: "admin" }), params({ projectId: other, userId: root }))).status).toBe(200);
      expect((await accept(asViewer)).status).toBe(200);
      expect(await roleOf(other, "bob@example.com")).toBe("viewer");
      expect((await accept(asViewer)).status).toBe(404);
      const log = (await (await audit(get("/api/v1/audit", instanceAdmin))).json()).data as Array<{ action: string; projectId: string; details: Record<string, unknown> }>;
      expect(log.find((entry) => entry.projectId === other && entry.action === "invitation.accepted")?.details).toEqual({ from: "admin", role: "viewer" });
      expect(log.find((entry) => entry.projectId === other && entry.action === "member.role_changed" && entry.details.email === "bob@example.com")?.details).toMatchObject({ from: "admin", to: "viewer" });
    });
  });

  it("a new account's password must be at least 10 characters", async () => {
    const project = (await (await createProject(send("POST", "/api/v1/projects", instanceAdmin, { name: "New people" }))).json()).id as string;
    const invited = await invite(send("POST", `/api/v1/projects/${project}/members`, instanceAdmin, { email: "newcomer@example.com", role: "viewer" }), params({ projectId: project }));
    const token = new URL((await invited.json()).inviteUrl).pathname.split("/").pop() as string;
    const short = await acceptInvite(send("POST", "/api/auth/invitations/accept", "", { token, name: "N", password: "short" }));
    expect(short.status).toBe(400);
    expect((await short.json()).error.message).toMatch(/at least 10 characters/);
    expect(await roleOf(project, "newcomer@example.com")).toBeNull();
  });

  describe("open invitations", () => {
    let project = "";
    let projectAdmin = "";

    beforeAll(async () => {
      project = (await (await createProject(send("POST", "/api/v1/projects", instanceAdmin, { name: "Invites" }))).json()).id as string;
      projectAdmin = await join(project, "padmin@example.com", "admin");
    });

    it("are listed and revocable by project admins; a revoked link no longer works", async () => {
      const { GET: listInvitations } = await import("@/app/api/v1/projects/[projectId]/invitations/route");
      const { DELETE: revokeInvitation } = await import("@/app/api/v1/projects/[projectId]/invitations/[invitationId]/route");
      const invited = await (await invite(send("POST", `/api/v1/projects/${project}/members`, projectAdmin, { email: "later@example.com", role: "member" }), params({ projectId: project }))).json();
      const token = new URL(invited.inviteUrl).pathname.split("/").pop() as string;

      const listed = await listInvitations(get(`/api/v1/projects/${project}/invitations`, projectAdmin), params({ projectId: project }));
      expect(listed.status).toBe(200);
      const open = (await listed.json()).data as Array<{ id: string; email: string; role: string; invitedBy: string | null; expiresAt: string }>;
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({ email: "later@example.com", role: "member", invitedBy: "padmin@example.com" });
      const id = open[0]?.id as string;

      const revoked = await revokeInvitation(send("DELETE", `/api/v1/projects/${project}/invitations/${id}`, projectAdmin), params({ projectId: project, invitationId: id }));
      expect(revoked.status).toBe(200);
      const again = await revokeInvitation(send("DELETE", `/api/v1/projects/${project}/invitations/${id}`, projectAdmin), params({ projectId: project, invitationId: id }));
      expect(again.status).toBe(404);
      expect((await again.json()).error.code).toBe("not_found");

      const accept = await acceptInvite(send("POST", "/api/auth/invitations/accept", "", { token, name: "Late", password: "member password 1" }));
      expect(accept.status).toBe(404);
      expect((await (await listInvitations(get(`/api/v1/projects/${project}/invitations`, projectAdmin), params({ projectId: project }))).json()).data).toEqual([]);
      expect((await (await listMembers(get(`/api/v1/projects/${project}/members`, projectAdmin), params({ projectId: project }))).json()).invitations).toEqual([]);
      const log = (await (await audit(get("/api/v1/audit", instanceAdmin))).json()).data as Array<{ action: string; projectId: string }>;
      expect(log.some((entry) => entry.projectId === project && entry.action === "invitation.revoked")).toBe(true);
    });

    it("are refused to non-admins (403) and unknown projects (404)", async () => {
      const { GET: listInvitations } = await import("@/app/api/v1/projects/[projectId]/invitations/route");
      const viewer = await join(project, "watcher@example.com", "viewer");
      expect((await listInvitations(get(`/api/v1/projects/${project}/invitations`, viewer), params({ projectId: project }))).status).toBe(403);
      expect((await listInvitations(get(`/api/v1/projects/nope/invitations`, viewer), params({ projectId: "nope" }))).status).toBe(404);
    });

    it("are cancelled when their inviter is removed or loses admin, so a removed admin cannot come back", async () => {
      const { GET: listInvitations } = await import("@/app/api/v1/projects/[projectId]/invitations/route");
      const rogue = await join(project, "rogue@example.com", "admin");
      const demoted = await join(project, "demoted@example.com", "admin");
      const backdoor = await (await invite(send("POST", `/api/v1/projects/${project}/members`, rogue, { email: "rogue-alias@example.com", role: "admin" }), params({ projectId: project }))).json();
      await invite(send("POST", `/api/v1/projects/${project}/members`, demoted, { email: "friend@example.com", role: "admin" }), params({ projectId: project }));
      await invite(send("POST", `/api/v1/projects/${project}/members`, projectAdmin, { email: "kept@example.com", role: "viewer" }), params({ projectId: project }));
      // The instance admin (the project's creator, an admin member) invites too, and is then demoted
      // in the project: they still act as admin everywhere, so their invitation stands.
      await invite(send("POST", `/api/v1/projects/${project}/members`, instanceAdmin, { email: "by-root@example.com", role: "viewer" }), params({ projectId: project }));
      expect((await setRole(send("PATCH", `/api/v1/projects/${project}/members/${await userId("root@example.com")}`, projectAdmin, { role: "viewer" }), params({ projectId: project, userId: await userId("root@example.com") }))).status).toBe(200);

      expect((await removeMember(send("DELETE", `/api/v1/projects/${project}/members/${await userId("rogue@example.com")}`, projectAdmin), params({ projectId: project, userId: await userId("rogue@example.com") }))).status).toBe(200);
      expect((await setRole(send("PATCH", `/api/v1/projects/${project}/members/${await userId("demoted@example.com")}`, projectAdmin, { role: "member" }), params({ projectId: project, userId: await userId("demoted@example.com") }))).status).toBe(200);

      const open = (await (await listInvitations(get(`/api/v1/projects/${project}/invitations`, projectAdmin), params({ projectId: project }))).json()).data as Array<{ email: string }>;
      expect(open.map((invitation) => invitation.email).sort()).toEqual(["by-root@example.com", "kept@example.com"]);
      const token = new URL(backdoor.inviteUrl).pathname.split("/").pop() as string;
      const comeback = await acceptInvite(send("POST", "/api/auth/invitations/accept", "", { token, name: "Rogue", password: "member password 1" }));
      expect(comeback.status).toBe(404);
      const projects = await (await listProjects(get("/api/v1/projects", rogue))).json();
      expect(projects.data).toEqual([]);
    });
  });

  describe("the last-admin rule under parallel requests", () => {
    it("two admins demoting each other at once: one wins, the project keeps an admin", async () => {
      for (let round = 0; round < 8; round++) {
        const project = (await (await createProject(send("POST", "/api/v1/projects", instanceAdmin, { name: `Duel ${round}` }))).json()).id as string;
        const first = await join(project, `duel-a${round}@example.com`, "admin");
        const second = await join(project, `duel-b${round}@example.com`, "admin");
        const root = await userId("root@example.com");
        // The creator steps down, so the two duellists are the project's only admin members.
        expect((await setRole(send("PATCH", `/api/v1/projects/${project}/members/${root}`, first, { role: "viewer" }), params({ projectId: project, userId: root }))).status).toBe(200);
        const [a, b] = [await userId(`duel-a${round}@example.com`), await userId(`duel-b${round}@example.com`)];
        const responses = await Promise.all([
          setRole(send("PATCH", `/api/v1/projects/${project}/members/${b}`, first, { role: "viewer" }), params({ projectId: project, userId: b })),
          setRole(send("PATCH", `/api/v1/projects/${project}/members/${a}`, second, { role: "viewer" }), params({ projectId: project, userId: a })),
        ]);
        const statuses = responses.map((response) => response.status);
        expect(statuses.filter((status) => status === 200)).toHaveLength(1);
        for (const response of responses.filter((r) => r.status !== 200)) {
          expect([403, 409]).toContain(response.status);
          expect((await response.json()).error.code).toMatch(/^(forbidden|last_admin)$/);
        }
        const admins = await db().selectFrom("project_members").select("user_id").where("project_id", "=", project).where("role", "=", "admin").execute();
        expect(admins).toHaveLength(1);
      }
    });
  });
});
