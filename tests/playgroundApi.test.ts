import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { POST as acceptInvite } from "@/app/api/auth/invitations/accept/route";
import { POST as setup } from "@/app/api/auth/setup/route";
import { POST as postLabels } from "@/app/api/v1/playground/labels/route";
import { GET as getProviders } from "@/app/api/v1/playground/providers/route";
import { POST as postRun } from "@/app/api/v1/playground/run/route";
import { POST as postSamples } from "@/app/api/v1/playground/samples/route";
import { POST as postSave } from "@/app/api/v1/playground/save/route";
import { POST as invite } from "@/app/api/v1/projects/[projectId]/members/route";
import { GET as getResponse } from "@/app/api/v1/responses/[id]/route";
import { GET as listResponses } from "@/app/api/v1/responses/route";
import { resetEnvCache } from "@/lib/config/env";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import type { RunEvent } from "@/lib/playground/runStream";
import { describeEachBackend } from "./backends";
import { FAKE_TOKENS, startFakeOpenAIUpstream, type FakeUpstream } from "./fakeOpenAIUpstream";
import { useTestAccounts } from "./testDb";

const ORIGIN = "http://localhost";
const send = (path: string, cookie: string, body: unknown) =>
  new Request(`${ORIGIN}${path}`, { method: "POST", headers: { "content-type": "application/json", origin: ORIGIN, host: "localhost", cookie }, body: JSON.stringify(body) });
const get = (path: string, cookie: string) => new Request(`${ORIGIN}${path}`, { headers: { cookie } });
const cookieOf = (response: Response) => (response.headers.get("set-cookie") ?? "").split(";")[0] as string;
const params = <T>(value: T) => ({ params: Promise.resolve(value) });
const ndjson = async (response: Response) => (await response.text()).trim().split("\n").map((line) => JSON.parse(line) as RunEvent);

const SETTINGS = { model: "fake-model", temperature: 0, topP: 1, maxTokens: 8, topLogprobs: 3 };

/**
 * The playground API on both backends against providers configured as users configure them
 * (LOUPE_PROVIDERS): an OpenAI-shaped HTTP server (tests/fakeOpenAIUpstream.ts, standing in for
 * a paid remote API: the only thing mocked), one that is down and one that never answers.
 * The real local model's runs are in tests/playgroundLocal.test.ts.
 */
describeEachBackend("playground API (configured providers)", () => {
  useTestAccounts();
  let admin = "";
  let viewer = "";
  let upstream: FakeUpstream;
  let silent: http.Server;
  let downBase = "";
  const saved = { providers: process.env.LOUPE_PROVIDERS, timeout: process.env.LOUPE_PLAYGROUND_TIMEOUT_MS, model: process.env.LOUPE_LOCAL_MODEL };

  beforeAll(async () => {
    upstream = await startFakeOpenAIUpstream();
    silent = http.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const silentBase = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    // A port that was just free: nothing listens there (a provider that is down).
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    downBase = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    process.env.LOUPE_PROVIDERS = JSON.stringify([
      { id: "fake", baseURL: `${upstream.base}/v1`, preset: "openai", models: ["fake-model", "ignores-logprobs"] },
      { id: "fake-vllm", baseURL: `${upstream.base}/v1`, preset: "vllm", models: ["fake-model"] },
      { id: "down", baseURL: `${downBase}/v1`, models: ["m"] },
      { id: "slow", baseURL: `${silentBase}/v1`, models: ["m"] },
    ]);
    process.env.LOUPE_PLAYGROUND_TIMEOUT_MS = "400";
    delete process.env.LOUPE_LOCAL_MODEL;
    resetEnvCache();
    admin = cookieOf(await setup(send("/api/auth/setup", "", { email: "root@example.com", name: "Root", password: "root password 1" })));
    const invited = await invite(send(`/api/v1/projects/${DEFAULT_PROJECT_ID}/members`, admin, { email: "v@example.com", role: "viewer" }), params({ projectId: DEFAULT_PROJECT_ID }));
    const token = new URL((await invited.json()).inviteUrl).pathname.split("/").pop() as string;
    viewer = cookieOf(await acceptInvite(send("/api/auth/invitations/accept", "", { token, name: "V", password: "viewer password 1" })));
  });
  afterAll(async () => {
    await upstream?.close();
    silent?.closeAllConnections();
    await new Promise((resolve) => silent?.close(resolve));
    for (const [name, value] of [["LOUPE_PROVIDERS", saved.providers], ["LOUPE_PLAYGROUND_TIMEOUT_MS", saved.timeout], ["LOUPE_LOCAL_MODEL", saved.model]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  });

  it("lists the configured providers with their limits and no key", async () => {
    const body = await (await getProviders(get("/api/v1/playground/providers", admin))).json();
    expect(body.providers.map((p: { id: string }) => p.id)).toEqual(["fake", "fake-vllm", "down", "slow"]);
    expect(body.providers[0]).toMatchObject({ models: ["fake-model", "ignores-logprobs"], limits: { maxTopLogprobs: 20, promptLogprobs: false } });
    expect(JSON.stringify(body)).not.toMatch(/apiKey|sk-/);
    // Base URLs (internal hosts) are for instance admins (GET /api/v1/providers), not every member.
    expect(Object.keys(body.providers[0]).sort()).toEqual(["id", "kind", "label", "limits", "models", "source"]);
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|baseURL/);
  });

  it("lists the providers to members only, like running them", async () => {
    const response = await getProviders(get("/api/v1/playground/providers", viewer));
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toMatch(/member role/);
  });

  it("streams a chat run's tokens with their alternatives as NDJSON", async () => {
    const response = await postRun(send("/api/v1/playground/run", admin, { ...SETTINGS, provider: "fake", mode: "chat", messages: [{ role: "user", content: "Hi" }] }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/x-ndjson/);
    const events = await ndjson(response);
    expect(events[0]).toEqual({ type: "start", provider: "fake", model: "fake-model" });
    const tokens = events.flatMap((event) => (event.type === "tokens" ? event.tokens : []));
    expect(tokens.map((t) => t.token)).toEqual(FAKE_TOKENS);
    expect(tokens[0]?.top).toHaveLength(3);
    expect(events.at(-1)).toEqual({ type: "done", finishReason: "stop" });
    // What went upstream: logprobs on, top_logprobs as asked, no prompt_logprobs for a provider without them.
    const sent = upstream.received.at(-1)?.body;
    expect(sent).toMatchObject({ logprobs: true, top_logprobs: 3, stream: true, temperature: 0 });
    expect(sent).not.toHaveProperty("prompt_logprobs");
  });

  it("continues an assistant prefill when branching a chat run", async () => {
    await ndjson(await postRun(send("/api/v1/playground/run", admin, { ...SETTINGS, provider: "fake", mode: "chat", messages: [{ role: "user", content: "Hi" }], prefill: "Hello~1" })));
    expect(upstream.received.at(-1)?.body.messages).toEqual([{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello~1" }]);
  });

  it("asks vLLM to continue the prefill, which it otherwise answers with a new assistant turn", async () => {
    const chat = (provider: string, prefill?: string) => ({ ...SETTINGS, provider, mode: "chat", messages: [{ role: "user", content: "Hi" }], ...(prefill ? { prefill } : {}) });
    await ndjson(await postRun(send("/api/v1/playground/run", admin, chat("fake-vllm", "Hello~1"))));
    expect(upstream.received.at(-1)?.body).toMatchObject({ continue_final_message: true, add_generation_prompt: false });
    await ndjson(await postRun(send("/api/v1/playground/run", admin, chat("fake-vllm"))));
    expect(upstream.received.at(-1)?.body).not.toHaveProperty("continue_final_message");
    // OpenAI refuses unknown fields: only vLLM gets them.
    await ndjson(await postRun(send("/api/v1/playground/run", admin, chat("fake", "Hello~1"))));
    expect(upstream.received.at(-1)?.body).not.toHaveProperty("continue_final_message");
  });

  it("says so when the provider streams text without logprobs, showing the text, instead of an empty finished run", async () => {
    const events = await ndjson(await postRun(send("/api/v1/playground/run", admin, { ...SETTINGS, provider: "fake", model: "ignores-logprobs", mode: "chat", messages: [{ role: "user", content: "Hi" }] })));
    expect(events.some((event) => event.type === "done")).toBe(false);
    expect(events.at(-1)).toEqual({ type: "error", error: { code: "no_logprobs", message: expect.stringContaining(`without logprobs`) } });
    expect(events.at(-1)?.type === "error" && events.at(-1)).toMatchObject({ error: { message: expect.stringContaining(FAKE_TOKENS.join("")) } });
  });

  it("ends a stream that stalls after it started with provider_timeout, after LOUPE_PLAYGROUND_TIMEOUT_MS", async () => {
    const { release } = upstream.holdStreams();
    try {
      const events = await ndjson(await postRun(send("/api/v1/playground/run", admin, { ...SETTINGS, provider: "fake", mode: "chat", messages: [{ role: "user", content: "Hi" }] })));
      expect(events.filter((event) => event.type === "tokens")).toHaveLength(1);
      expect(events.at(-1)).toEqual({ type: "error", error: { code: "provider_timeout", message: expect.stringMatching(/sent nothing for 0\.4 s/) } });
    } finally {
      release();
    }
  });

  it("says clearly when a provider is down, slow, or rejects the key", async () => {
    const run = (provider: string) => postRun(send("/api/v1/playground/run", admin, { ...SETTINGS, provider, model: "m", mode: "completion", prompt: "Once" }));
    const down = await run("down");
    expect(down.status).toBe(502);
    expect((await down.json()).error).toMatchObject({ code: "provider_unreachable", message: "cannot reach provider down: ECONNREFUSED; is it running?" });
    const slow = await run("slow");
    expect(slow.status).toBe(504);
    expect((await slow.json()).error).toMatchObject({ code: "provider_timeout", message: expect.stringMatching(/did not answer after 0\.4 s/) });
    upstream.failNext(401, JSON.stringify({ error: { message: "Incorrect API key provided", type: "invalid_request_error", param: null, code: "invalid_api_key" } }));
    const rejected = await run("fake");
    expect(rejected.status).toBe(502);
    expect((await rejected.json()).error).toMatchObject({ code: "provider_rejected_key", message: expect.stringMatching(/rejected the key \(401: Incorrect API key provided\)/) });
    // The label scorer and samples say the same.
    const labels = await postLabels(send("/api/v1/playground/labels", admin, { ...SETTINGS, provider: "down", model: "m", mode: "completion", prompt: "x", labels: ["a", "b"] }));
    expect(labels.status).toBe(502);
  });

  it("answers bad input, unknown providers, limits and missing roles with a clear 4xx", async () => {
    const base = { ...SETTINGS, provider: "fake", mode: "completion", prompt: "Once" };
    const cases: Array<[Request, number, RegExp]> = [
      [send("/api/v1/playground/run", admin, { ...base, temperature: 3 }), 400, /temperature/],
      [send("/api/v1/playground/run", admin, { ...base, mode: "chat" }), 400, /messages/],
      [send("/api/v1/playground/run", admin, { ...base, provider: "nope" }), 404, /no provider nope/],
      [send("/api/v1/playground/run", admin, { ...base, topLogprobs: 21 }), 400, /topLogprobs/],
      [send("/api/v1/playground/run", viewer, base), 403, /member role/],
      // The role is checked before the body: a viewer learns nothing from validation errors.
      [send("/api/v1/playground/samples", viewer, { ...base, n: 1 }), 403, /member role/],
      [send("/api/v1/playground/save", viewer, { ...base, samples: [] }), 403, /member role/],
      [send("/api/v1/playground/run", "", base), 401, /sign in/],
      [send("/api/v1/playground/samples", admin, { ...base, n: 1 }), 400, /n/],
      [send("/api/v1/playground/labels", admin, { ...base, labels: ["only"] }), 400, /labels/],
      [send("/api/v1/playground/save", admin, { ...base, samples: [] }), 400, /samples/],
    ];
    for (const [request, status, message] of cases) {
      const path = new URL(request.url).pathname;
      const handler = path.endsWith("/run") ? postRun : path.endsWith("/samples") ? postSamples : path.endsWith("/labels") ? postLabels : postSave;
      const response = await handler(request);
      expect(response.status, path).toBe(status);
      expect((await response.json()).error.message).toMatch(message);
    }
  });

  it("saves a run through ingest, tagged playground, and it is found in the explorer's API", async () => {
    const events = await ndjson(await postRun(send("/api/v1/playground/run", admin, { ...SETTINGS, provider: "fake", mode: "chat", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }] })));
    const tokens = events.flatMap((event) => (event.type === "tokens" ? event.tokens : []));
    const save = await postSave(send("/api/v1/playground/save", admin, {
      ...SETTINGS, provider: "fake", mode: "chat", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }],
      samples: [{ text: tokens.map((t) => t.token).join(""), finishReason: "stop", tokens }],
    }));
    expect(save.status).toBe(201);
    const { ids, externalId } = await save.json();
    expect(ids).toHaveLength(1);
    const list = await (await listResponses(get("/api/v1/responses?tag=playground", admin))).json();
    expect(list.data.map((r: { id: number }) => r.id)).toContain(ids[0]);
    const detail = await (await getResponse(get(`/api/v1/responses/${ids[0]}`, admin), params({ id: String(ids[0]) }))).json();
    expect(detail).toMatchObject({ externalId, model: "fake-model", provider: "fake", tags: ["playground"], outputText: "Hello, world!", finishReason: "stop" });
    expect(detail.messages).toEqual([{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }]);
    expect(detail.params).toMatchObject({ temperature: 0, top_p: 1, max_tokens: 8, top_logprobs: 3 });
    expect(detail.tokens.map((t: { token: string }) => t.token)).toEqual(FAKE_TOKENS);
    // Stored as float32 (lib/storage/tokenBlob), so equal to ~7 digits.
    expect(detail.tokens[1].top.map((alt: { token: string }) => alt.token)).toEqual(tokens[1]?.top.map((alt) => alt.token));
    detail.tokens[1].top.forEach((alt: { logprob: number }, i: number) => expect(alt.logprob).toBeCloseTo(tokens[1]?.top[i]?.logprob as number, 6));
  });

  it("draws N samples, measures their consistency and saves them as siblings with the group's consistency", async () => {
    const body = { ...SETTINGS, provider: "fake", mode: "completion", prompt: "Once", temperature: 1, n: 3 };
    const result = await (await postSamples(send("/api/v1/playground/samples", admin, body))).json();
    expect(result.samples.map((s: { text: string }) => s.text)).toEqual(["Hello, world!", "Hello, world!", "Hello, world!"]);
    expect(result.consistency).toBe(1);
    expect(result.clusters).toEqual([{ members: [0, 1, 2], share: 1 }]);
    const save = await (await postSave(send("/api/v1/playground/save", admin, { ...body, samples: result.samples }))).json();
    expect(save.ids).toHaveLength(3);
    expect(save.consistency).toBe(1);
    for (const [index, id] of (save.ids as number[]).entries()) {
      const detail = await (await getResponse(get(`/api/v1/responses/${id}`, admin), params({ id: String(id) }))).json();
      expect(detail).toMatchObject({ externalId: save.externalId, sampleIndex: index, tags: ["playground"], prompt: "Once" });
      expect(detail.metadata).toEqual({ playground: { mode: "completion", sampleGroupId: save.externalId, sampleCount: 3, consistency: 1 } });
    }
  });

  it("refuses to save a run whose token is not a log probability, and saves nothing of it", async () => {
    const before = (await (await listResponses(get("/api/v1/responses?tag=playground", admin))).json()).data.length;
    const bad = await postSave(send("/api/v1/playground/save", admin, {
      ...SETTINGS, provider: "fake", mode: "completion", prompt: "x",
      samples: [{ text: "a", finishReason: null, tokens: [{ token: "a", logprob: -0.1, top: [] }] }, { text: "b", finishReason: null, tokens: [{ token: "b", logprob: 3, top: [] }] }],
    }));
    expect(bad.status).toBe(400);
    const after = (await (await listResponses(get("/api/v1/responses?tag=playground", admin))).json()).data.length;
    expect(after).toBe(before);
  });
});
