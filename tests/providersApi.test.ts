import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getProxySettings, PATCH as patchProxySettings } from "@/app/api/v1/projects/[projectId]/proxy/route";
import { DELETE as deleteProvider, PATCH as updateProvider } from "@/app/api/v1/providers/[providerId]/route";
import { POST as testProvider } from "@/app/api/v1/providers/[providerId]/test/route";
import { GET as listProviders, POST as createProvider } from "@/app/api/v1/providers/route";
import { GET as audit } from "@/app/api/v1/audit/route";
import { resetEnvCache } from "@/lib/config/env";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { openAIClientFor } from "@/lib/providers/registry";
import { testProviderConnection } from "@/lib/providers/testConnection";
import { describeEachBackend } from "./backends";
import { startFakeOpenAIUpstream, type FakeUpstream } from "./fakeOpenAIUpstream";
import { useTestAccounts } from "./testDb";
import { joinProject, params, sessionGet as get, sessionRequest as send, setupAdmin } from "./sessionRequests";

const SECRET_KEY = "sk-live-settings-secret-9f8e7d6c5b4a";

/** Providers in Settings: admin-only CRUD, keys encrypted and never answered, env providers read-only, test connection; both backends. */
describeEachBackend("providers API", ({ db }) => {
  useTestAccounts();
  let admin = "";
  let member = "";
  let upstream: FakeUpstream;
  let silent: http.Server;
  let silentBase = "";
  const bodies: string[] = [];
  /** Every answer's body is kept: none may ever contain a key. */
  const text = async (response: Response) => {
    const body = await response.text();
    bodies.push(body);
    return body;
  };
  const json = async (response: Response) => JSON.parse(await text(response));
  const saved = { providers: process.env.LOUPE_PROVIDERS, secret: process.env.LOUPE_SECRET_KEY };

  beforeAll(async () => {
    upstream = await startFakeOpenAIUpstream();
    // A server that accepts connections and never answers: a provider that is slow.
    silent = http.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    silentBase = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    // A port that was free a moment ago: nothing listens there, a provider that is down.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    process.env.LOUPE_PROVIDERS = JSON.stringify([{ id: "from-env", baseURL: `http://127.0.0.1:${closedPort}/v1`, preset: "vllm", models: ["m1"] }]);
    delete process.env.LOUPE_SECRET_KEY;
    resetEnvCache();
    admin = await setupAdmin();
    member = await joinProject(admin, DEFAULT_PROJECT_ID, "m@example.com", "admin");
  });
  afterAll(async () => {
    await upstream?.close();
    silent?.closeAllConnections();
    await new Promise((resolve) => silent?.close(resolve));
    for (const [name, value] of [["LOUPE_PROVIDERS", saved.providers], ["LOUPE_SECRET_KEY", saved.secret]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  });

  it("lets an instance admin add a provider whose key is stored encrypted and used upstream, and never answers the key", async () => {
    const created = await createProvider(send("POST", "/api/v1/providers", admin, { id: "fake", baseURL: `${upstream.base}/v1/`, preset: "openai", apiKey: SECRET_KEY, models: ["gpt-4o-mini"] }));
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ id: "fake", baseURL: `${upstream.base}/v1`, source: "settings", keySet: true, limits: { maxTopLogprobs: 20, promptLogprobs: false } });

    const row = await db().selectFrom("providers").select("api_key_encrypted").where("id", "=", "fake").executeTakeFirstOrThrow();
    expect(row.api_key_encrypted).toMatch(/^v1\./);
    expect(row.api_key_encrypted).not.toContain(SECRET_KEY);

    const before = upstream.received.length;
    const result = await json(await testProvider(send("POST", "/api/v1/providers/fake/test", admin, {}), params({ providerId: "fake" })));
    expect(result).toMatchObject({ ok: true, models: ["fake-model"] });
    expect(upstream.received[before]?.authorization).toBe(`Bearer ${SECRET_KEY}`);

    const list = await json(await listProviders(get("/api/v1/providers", admin)));
    expect(list.data.map((p: { id: string; source: string }) => `${p.id}:${p.source}`)).toEqual(["from-env:env", "fake:settings"]);
  });

  it("keeps the key on an update without one, replaces it when given, removes it on null", async () => {
    const keep = await updateProvider(send("PATCH", "/api/v1/providers/fake", admin, { baseURL: `${upstream.base}/v1`, preset: "openai", label: "Fake OpenAI", limits: { maxTopLogprobs: 10 } }), params({ providerId: "fake" }));
    expect(await json(keep)).toMatchObject({ label: "Fake OpenAI", keySet: true, limits: { maxTopLogprobs: 10 } });
    const { client } = await openAIClientFor("fake");
    expect(client.apiKey).toBe(SECRET_KEY);

    await json(await updateProvider(send("PATCH", "/api/v1/providers/fake", admin, { baseURL: `${upstream.base}/v1`, preset: "openai", apiKey: "sk-second-secret-key-abcdef" }), params({ providerId: "fake" })));
    expect((await openAIClientFor("fake")).client.apiKey).toBe("sk-second-secret-key-abcdef");
    // A new host does not inherit the key entered for the old one: it must be given again.
    const moved = await updateProvider(send("PATCH", "/api/v1/providers/fake", admin, { baseURL: "http://attacker.example/v1", preset: "openai" }), params({ providerId: "fake" }));
    expect(moved.status).toBe(400);
    expect((await json(moved)).error.code).toBe("key_required");
    expect((await openAIClientFor("fake")).client.baseURL).toBe(`${upstream.base}/v1`);
    const removed = await json(await updateProvider(send("PATCH", "/api/v1/providers/fake", admin, { baseURL: `${upstream.base}/v1`, preset: "openai", apiKey: null }), params({ providerId: "fake" })));
    expect(removed.keySet).toBe(false);
    const before = upstream.received.length;
    await testProvider(send("POST", "/api/v1/providers/fake/test", admin, {}), params({ providerId: "fake" }));
    expect(upstream.received[before]?.authorization).toBeNull();
  });

  it("says clearly when a provider rejects the key, is down, or is slow", async () => {
    upstream.failNext(401, JSON.stringify({ error: { message: "Incorrect API key provided", type: "invalid_request_error", param: null, code: "invalid_api_key" } }));
    const rejected = await json(await testProvider(send("POST", "/api/v1/providers/fake/test", admin, {}), params({ providerId: "fake" })));
    expect(rejected).toMatchObject({ ok: false, reason: "unauthorized", status: 401 });
    expect(rejected.message).toMatch(/rejected the key \(401: Incorrect API key provided\)/);

    const down = await json(await testProvider(send("POST", "/api/v1/providers/from-env/test", admin, {}), params({ providerId: "from-env" })));
    expect(down).toMatchObject({ ok: false, reason: "down" });
    expect(down.message).toMatch(/^cannot reach provider from-env at http:\/\/127\.0\.0\.1:\d+\/v1: ECONNREFUSED; is it running\?$/);

    await json(await createProvider(send("POST", "/api/v1/providers", admin, { id: "slow", baseURL: silentBase })));
    const slow = await testProviderConnection(db(), "slow", 300);
    expect(slow).toMatchObject({ ok: false, reason: "timeout" });
    expect(slow.ok ? "" : slow.message).toMatch(/did not answer after 0\.3 s/);
  });

  it("refuses non-admins (403), env providers' edits (409), taken ids (409) and bad input (400)", async () => {
    expect((await listProviders(get("/api/v1/providers", member))).status).toBe(403);
    expect((await createProvider(send("POST", "/api/v1/providers", member, { id: "x", baseURL: "http://127.0.0.1:1/v1" }))).status).toBe(403);
    expect((await deleteProvider(send("DELETE", "/api/v1/providers/fake", member, {}), params({ providerId: "fake" }))).status).toBe(403);
    expect((await testProvider(send("POST", "/api/v1/providers/fake/test", member, {}), params({ providerId: "fake" }))).status).toBe(403);

    const envEdit = await updateProvider(send("PATCH", "/api/v1/providers/from-env", admin, { baseURL: "http://127.0.0.1:2/v1" }), params({ providerId: "from-env" }));
    expect(envEdit.status).toBe(409);
    expect((await json(envEdit)).error.message).toMatch(/comes from LOUPE_PROVIDERS/);
    expect((await createProvider(send("POST", "/api/v1/providers", admin, { id: "from-env", baseURL: "http://127.0.0.1:2/v1" }))).status).toBe(409);
    expect((await createProvider(send("POST", "/api/v1/providers", admin, { id: "local", baseURL: "http://127.0.0.1:2/v1" }))).status).toBe(400);
    const badUrl = await createProvider(send("POST", "/api/v1/providers", admin, { id: "bad", baseURL: "ftp://example.com" }));
    expect(badUrl.status).toBe(400);
    expect((await json(badUrl)).error.message).toMatch(/baseURL/);
    const badLimit = await createProvider(send("POST", "/api/v1/providers", admin, { id: "bad", baseURL: "http://127.0.0.1:2/v1", limits: { maxTopLogprobs: -1 } }));
    expect(badLimit.status).toBe(400);
  });

  it("deletes a Settings provider, and the audit log records every change without the key", async () => {
    expect((await deleteProvider(send("DELETE", "/api/v1/providers/slow", admin, {}), params({ providerId: "slow" }))).status).toBe(200);
    expect((await deleteProvider(send("DELETE", "/api/v1/providers/slow", admin, {}), params({ providerId: "slow" }))).status).toBe(404);
    const log = await json(await audit(get("/api/v1/audit", admin)));
    const actions = log.data.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(["provider.created", "provider.updated", "provider.deleted"]));
  });

  it("keeps each project's proxy top_logprobs (default 5), changed by project admins only", async () => {
    const read = await json(await getProxySettings(get(`/api/v1/projects/${DEFAULT_PROJECT_ID}/proxy`, admin), params({ projectId: DEFAULT_PROJECT_ID })));
    expect(read).toEqual({ topLogprobs: 5 });
    const changed = await patchProxySettings(send("PATCH", `/api/v1/projects/${DEFAULT_PROJECT_ID}/proxy`, admin, { topLogprobs: 12 }), params({ projectId: DEFAULT_PROJECT_ID }));
    expect(await json(changed)).toEqual({ topLogprobs: 12 });
    const tooMany = await patchProxySettings(send("PATCH", `/api/v1/projects/${DEFAULT_PROJECT_ID}/proxy`, admin, { topLogprobs: 21 }), params({ projectId: DEFAULT_PROJECT_ID }));
    expect(tooMany.status).toBe(400);
    await patchProxySettings(send("PATCH", `/api/v1/projects/${DEFAULT_PROJECT_ID}/proxy`, admin, { topLogprobs: 5 }), params({ projectId: DEFAULT_PROJECT_ID }));
  });

  it("never put a key in any answer body", () => {
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) {
      expect(body).not.toContain(SECRET_KEY);
      expect(body).not.toContain("sk-second-secret-key-abcdef");
    }
  });
});

describe("a key saved under one secret", () => {
  it("is refused with a clear message once LOUPE_SECRET_KEY changes", async () => {
    const { encryptSecret, decryptSecret } = await import("@/lib/providers/secretBox");
    const box = encryptSecret("sk-abc", "a".repeat(32), "p1");
    expect(decryptSecret(box, "a".repeat(32), "p1")).toBe("sk-abc");
    expect(() => decryptSecret(box, "b".repeat(32), "p1")).toThrow(/LOUPE_SECRET_KEY .* changed since it was saved/);
    // The provider id is authenticated: a ciphertext moved to another provider does not decrypt.
    expect(() => decryptSecret(box, "a".repeat(32), "p2")).toThrow(/cannot be decrypted/);
  });
});
