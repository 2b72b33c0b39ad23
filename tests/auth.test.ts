import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as acceptInvite } from "@/app/api/auth/invitations/accept/route";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as logout } from "@/app/api/auth/logout/route";
import { POST as setup } from "@/app/api/auth/setup/route";
import { GET as audit } from "@/app/api/v1/audit/route";
import { POST as ingest } from "@/app/api/v1/ingest/route";
import { POST as createKey } from "@/app/api/v1/projects/[projectId]/keys/route";
import { DELETE as revokeKey } from "@/app/api/v1/projects/[projectId]/keys/[keyId]/route";
import { POST as invite } from "@/app/api/v1/projects/[projectId]/members/route";
import { GET as listProjects, POST as createProject } from "@/app/api/v1/projects/route";
import { GET as getResponse } from "@/app/api/v1/responses/[id]/route";
import { GET as listResponses } from "@/app/api/v1/responses/route";
import { MAX_FAILURES } from "@/lib/auth/loginThrottle";
import { PEER_HEADER, PEER_HEADER_ENV } from "@/lib/auth/clientAddress";
import { resetLoginThrottle } from "@/lib/auth/loginThrottle";
import { resetEnvCache } from "@/lib/config/env";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

const ORIGIN = "http://localhost";
const json = (path: string, body: unknown, cookie?: string, extra: Record<string, string> = {}) =>
  new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, host: "localhost", ...(cookie ? { cookie } : {}), ...extra },
    body: JSON.stringify(body),
  });
const get = (path: string, cookie?: string) => new Request(`${ORIGIN}${path}`, { headers: cookie ? { cookie } : {} });
const cookieOf = (response: Response) => (response.headers.get("set-cookie") ?? "").split(";")[0] as string;
const params = <T>(value: T) => ({ params: Promise.resolve(value) });
/** Headers as Loupe's server (scripts/serve.mjs) sets them: the socket address in PEER_HEADER. */
const fromPeer = (address: string, extra: Record<string, string> = {}) => ({ [PEER_HEADER]: address, ...extra });

/** Accounts, sessions, roles and project isolation against a real database, on SQLite and PostgreSQL. */
describeEachBackend("accounts and access", ({ db }) => {
  const accounts = useTestAccounts();
  beforeAll(() => {
    process.env[PEER_HEADER_ENV] = "1";
  });
  afterAll(() => {
    delete process.env[PEER_HEADER_ENV];
  });
  let adminCookie = "";

  describe("setup and sign-in", () => {
    it("creates the first admin once, with a secure session cookie", async () => {
      const response = await setup(json("/api/auth/setup", { email: "Admin@Example.com", name: "Ada", password: "correct horse battery" }));
      expect(response.status).toBe(200);
      const setCookie = response.headers.get("set-cookie") ?? "";
      expect(setCookie).toMatch(/^loupe_session=[\w-]{40,};/);
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Lax/);
      const again = await setup(json("/api/auth/setup", { email: "eve@example.com", name: "Eve", password: "another password" }));
      expect(again.status).toBe(409);
      expect((await again.json()).error.code).toBe("already_set_up");
    });

    it("signs in with the right password only, and throttles repeated failures", async () => {
      const wrong = await login(json("/api/auth/login", { email: "admin@example.com", password: "nope nope nope" }, undefined, fromPeer("10.0.0.9")));
      expect(wrong.status).toBe(401);
      const right = await login(json("/api/auth/login", { email: "admin@example.com", password: "correct horse battery" }, undefined, fromPeer("10.0.0.9")));
      expect(right.status).toBe(200);
      adminCookie = cookieOf(right);
      for (let i = 0; i < 5; i++) await login(json("/api/auth/login", { email: "ghost@example.com", password: "wrong wrong" }, undefined, fromPeer("10.0.0.7")));
      const throttled = await login(json("/api/auth/login", { email: "ghost@example.com", password: "wrong wrong" }, undefined, fromPeer("10.0.0.7")));
      expect(throttled.status).toBe(429);
      expect((await throttled.json()).error.code).toBe("too_many_attempts");
      expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    });

    it("checks at most the limit's passwords from parallel guesses, not every one sent before the first failure lands", async () => {
      const guesses = await Promise.all(
        Array.from({ length: 40 }, (_, i) => login(json("/api/auth/login", { email: "admin@example.com", password: `guess ${i} guess` }, undefined, fromPeer("10.0.0.40")))),
      );
      const statuses = guesses.map((response) => response.status);
      expect(statuses.filter((status) => status === 401)).toHaveLength(MAX_FAILURES);
      expect(statuses.filter((status) => status === 429)).toHaveLength(40 - MAX_FAILURES);
      // The right password from another address still signs in (no key spans addresses).
      const right = await login(json("/api/auth/login", { email: "admin@example.com", password: "correct horse battery" }, undefined, fromPeer("10.0.0.41")));
      expect(right.status).toBe(200);
    });

    it("failures for made-up emails never lock the admin out from another address", async () => {
      await resetLoginThrottle();
      // Five and then twenty failures from one address, with and without X-Forwarded-For.
      for (let i = 0; i < 25; i++) await login(json("/api/auth/login", { email: `made-up-${i}@example.com`, password: "wrong wrong" }, undefined, fromPeer("203.0.113.5")));
      const admin = await login(json("/api/auth/login", { email: "admin@example.com", password: "correct horse battery" }, undefined, fromPeer("198.51.100.1")));
      expect(admin.status).toBe(200);
      const sprayer = await login(json("/api/auth/login", { email: "admin@example.com", password: "correct horse battery" }, undefined, fromPeer("203.0.113.5")));
      expect(sprayer.status).toBe(429);
    });

    it("ignores a client's own X-Forwarded-For unless the socket peer is a trusted proxy", async () => {
      await resetLoginThrottle();
      // Spoofed: a new X-Forwarded-For on every try does not give the attacker fresh attempts.
      for (let i = 0; i < 5; i++) await login(json("/api/auth/login", { email: "admin@example.com", password: "guess guess" }, undefined, fromPeer("203.0.113.9", { "x-forwarded-for": `1.1.1.${i}` })));
      const spoofed = await login(json("/api/auth/login", { email: "admin@example.com", password: "guess guess" }, undefined, fromPeer("203.0.113.9", { "x-forwarded-for": "1.1.1.99" })));
      expect(spoofed.status).toBe(429);
      // Behind a proxy the operator named, the forwarded client is the key: clients stay apart.
      process.env.LOUPE_TRUSTED_PROXIES = "10.1.0.0/16";
      resetEnvCache();
      try {
        for (let i = 0; i < 5; i++) await login(json("/api/auth/login", { email: "admin@example.com", password: "guess guess" }, undefined, fromPeer("10.1.0.1", { "x-forwarded-for": "203.0.113.20" })));
        const attacker = await login(json("/api/auth/login", { email: "admin@example.com", password: "guess guess" }, undefined, fromPeer("10.1.0.1", { "x-forwarded-for": "203.0.113.20" })));
        expect(attacker.status).toBe(429);
        const colleague = await login(json("/api/auth/login", { email: "admin@example.com", password: "correct horse battery" }, undefined, fromPeer("10.1.0.1", { "x-forwarded-for": "203.0.113.21" })));
        expect(colleague.status).toBe(200);
      } finally {
        delete process.env.LOUPE_TRUSTED_PROXIES;
        resetEnvCache();
        await resetLoginThrottle();
      }
    });

    it("refuses cross-site and non-JSON mutations (CSRF)", async () => {
      const crossSite = await createProject(json("/api/v1/projects", { name: "x" }, adminCookie, { origin: "https://evil.example" }));
      expect(crossSite.status).toBe(403);
      expect((await crossSite.json()).error.code).toBe("csrf");
      const form = await createProject(new Request(`${ORIGIN}/api/v1/projects`, { method: "POST", headers: { origin: ORIGIN, host: "localhost", cookie: adminCookie, "content-type": "application/x-www-form-urlencoded" }, body: "name=x" }));
      expect(form.status).toBe(415);
    });

    it("behind HTTPS names the cookie __Host-loupe_session and reads only that name, so a planted loupe_session signs nobody in", async () => {
      const https = { "x-forwarded-proto": "https" };
      const signedIn = await login(json("/api/auth/login", { email: "admin@example.com", password: "correct horse battery" }, undefined, https));
      expect(signedIn.headers.get("set-cookie")).toMatch(/^__Host-loupe_session=[\w-]{40,}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
      const token = cookieOf(signedIn).split("=")[1] as string;
      const overHttps = (cookie: string) => listProjects(new Request(`${ORIGIN}/api/v1/projects`, { headers: { cookie, ...https } }));
      expect((await overHttps(`__Host-loupe_session=${token}`)).status).toBe(200);
      // A sibling subdomain or a plain-HTTP page can set loupe_session, never a __Host- cookie.
      expect((await overHttps(`loupe_session=${token}`)).status).toBe(401);
      expect((await listProjects(get("/api/v1/projects", `loupe_session=${token}`))).status).toBe(200);
      const out = await logout(json("/api/auth/logout", {}, `__Host-loupe_session=${token}`, https));
      expect(out.headers.get("set-cookie")).toMatch(/^__Host-loupe_session=; Max-Age=0;/);
      expect((await overHttps(`__Host-loupe_session=${token}`)).status).toBe(401);
    });

    it("reads an empty ?project= as no project asked for (the default one), as every empty parameter", async () => {
      expect((await listResponses(get("/api/v1/responses?project=", adminCookie))).status).toBe(200);
      expect((await listResponses(get("/api/v1/responses?project=no-such-project", adminCookie))).status).toBe(404);
    });

    it("ends the session on sign-out, server-side", async () => {
      const other = cookieOf(await login(json("/api/auth/login", { email: "admin@example.com", password: "correct horse battery" })));
      expect((await listProjects(get("/api/v1/projects", other))).status).toBe(200);
      await logout(json("/api/auth/logout", {}, other));
      expect((await listProjects(get("/api/v1/projects", other))).status).toBe(401);
    });
  });

  describe("projects, roles and keys", () => {
    let projectB = "";
    let viewerCookie = "";
    // Any id: on PostgreSQL (until ingest runs there) the session checks below answer before the lookup.
    let responseInDefault = 1;

    it("keeps each project's data to itself", async () => {
      const created = await createProject(json("/api/v1/projects", { name: "Team B" }, adminCookie));
      expect(created.status).toBe(201);
      projectB = (await created.json()).id;

      const keyResponse = await createKey(json(`/api/v1/projects/${projectB}/keys`, { name: "b-ingest", scopes: ["ingest", "read"] }, adminCookie), params({ projectId: projectB }));
      expect(keyResponse.status).toBe(201);
      const { key: keyB } = await keyResponse.json();
      expect(keyB).toMatch(/^lp_/);

      const stored = await ingest(new Request(`${ORIGIN}/api/v1/ingest`, { method: "POST", headers: { authorization: `Bearer ${accounts.apiKey}`, "content-type": "application/json" }, body: JSON.stringify({ model: "m", response: { tokens: [{ token: "a", logprob: -1 }] } }) }));
      responseInDefault = (await stored.json()).results[0].id;

      // Project B's key cannot read the default project's response by id: 404, not 403.
      const crossKey = await getResponse(new Request(`${ORIGIN}/api/v1/responses/${responseInDefault}`, { headers: { authorization: `Bearer ${keyB}` } }), params({ id: String(responseInDefault) }));
      expect(crossKey.status).toBe(404);
      const ownList = await listResponses(new Request(`${ORIGIN}/api/v1/responses`, { headers: { authorization: `Bearer ${keyB}` } }));
      expect((await ownList.json()).data).toEqual([]);
    });

    it("invites a viewer who sees only their project and manages nothing", async () => {
      const invited = await invite(json(`/api/v1/projects/${projectB}/members`, { email: "viewer@example.com", role: "viewer" }, adminCookie), params({ projectId: projectB }));
      expect(invited.status).toBe(201);
      const { inviteUrl } = await invited.json();
      const token = new URL(inviteUrl).pathname.split("/").pop() as string;
      const accepted = await acceptInvite(json("/api/auth/invitations/accept", { token, name: "Vi", password: "viewer password 1" }));
      expect(accepted.status).toBe(200);
      viewerCookie = cookieOf(accepted);

      const projects = await (await listProjects(get("/api/v1/projects", viewerCookie))).json();
      expect(projects.data.map((p: { id: string; role: string }) => [p.id, p.role])).toEqual([[projectB, "viewer"]]);
      // Another project's response by id, through the session: 404.
      const cross = await getResponse(get(`/api/v1/responses/${responseInDefault}?project=default`, viewerCookie), params({ id: String(responseInDefault) }));
      expect(cross.status).toBe(404);
      const crossNoProject = await getResponse(get(`/api/v1/responses/${responseInDefault}`, viewerCookie), params({ id: String(responseInDefault) }));
      expect(crossNoProject.status).toBe(404);
      // A viewer manages no keys; the token is single-use.
      const forbidden = await createKey(json(`/api/v1/projects/${projectB}/keys`, { name: "x", scopes: ["read"] }, viewerCookie), params({ projectId: projectB }));
      expect(forbidden.status).toBe(403);
      const reused = await acceptInvite(json("/api/auth/invitations/accept", { token, name: "Vi", password: "viewer password 1" }));
      expect(reused.status).toBe(404);
      expect((await audit(get("/api/v1/audit", viewerCookie))).status).toBe(403);
    });

    it("revokes keys and records settings changes in the audit log", async () => {
      const created = await (await createKey(json("/api/v1/projects/default/keys", { name: "temp", scopes: ["ingest"] }, adminCookie), params({ projectId: "default" }))).json();
      const send = () => ingest(new Request(`${ORIGIN}/api/v1/ingest`, { method: "POST", headers: { authorization: `Bearer ${created.key}`, "content-type": "application/json" }, body: JSON.stringify({ model: "m", response: { tokens: [{ token: "b", logprob: -1 }] } }) }));
      expect((await send()).status).toBe(200);
      const readWithIngestKey = await listResponses(new Request(`${ORIGIN}/api/v1/responses`, { headers: { authorization: `Bearer ${created.key}` } }));
      expect(readWithIngestKey.status).toBe(403);
      const revoked = await revokeKey(new Request(`${ORIGIN}/api/v1/projects/default/keys/${created.id}`, { method: "DELETE", headers: { origin: ORIGIN, host: "localhost", cookie: adminCookie, "content-type": "application/json" } }), params({ projectId: "default", keyId: created.id }));
      expect(revoked.status).toBe(200);
      expect((await send()).status).toBe(401);

      const log = await (await audit(get("/api/v1/audit", adminCookie))).json();
      const actions = log.data.map((entry: { action: string }) => entry.action);
      expect(actions).toEqual(expect.arrayContaining(["api_key.created", "api_key.revoked", "project.created", "member.invited", "member.joined", "user.created"]));
      expect(JSON.stringify(log)).not.toContain(created.key);
      // The first admin created their own account at /setup: not "system".
      const setupEntry = log.data.find((entry: { action: string; details: { email?: string } }) => entry.action === "user.created" && entry.details.email === "admin@example.com");
      expect(setupEntry).toMatchObject({ userEmail: "admin@example.com" });
    });
  });

  describe("project admins", () => {
    it("a project keeps at least one admin member", async () => {
      const { PATCH: setRole, DELETE: remove } = await import("@/app/api/v1/projects/[projectId]/members/[userId]/route");
      const created = await (await createProject(json("/api/v1/projects", { name: "Solo" }, adminCookie))).json();
      const me = await db().selectFrom("users").select("id").where("email", "=", "admin@example.com").executeTakeFirstOrThrow();
      const demote = await setRole(new Request(`${ORIGIN}/api/v1/projects/${created.id}/members/${me.id}`, { method: "PATCH", headers: { origin: ORIGIN, host: "localhost", cookie: adminCookie, "content-type": "application/json" }, body: JSON.stringify({ role: "viewer" }) }), params({ projectId: created.id, userId: me.id }));
      expect(demote.status).toBe(409);
      expect((await demote.json()).error.code).toBe("last_admin");
      const removal = await remove(new Request(`${ORIGIN}/api/v1/projects/${created.id}/members/${me.id}`, { method: "DELETE", headers: { origin: ORIGIN, host: "localhost", cookie: adminCookie, "content-type": "application/json" } }), params({ projectId: created.id, userId: me.id }));
      expect(removal.status).toBe(409);
    });
  });
});
