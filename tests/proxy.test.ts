import net from "node:net";
import OpenAI, { AuthenticationError, RateLimitError } from "openai";
import { afterAll, beforeAll, expect, it } from "vitest";
import { GET as getResponse } from "@/app/api/v1/responses/[id]/route";
import { GET as listResponses } from "@/app/api/v1/responses/route";
import { POST as proxyChat } from "@/app/api/v1/proxy/[providerId]/chat/completions/route";
import { POST as proxyCompletions } from "@/app/api/v1/proxy/[providerId]/completions/route";
import { resetEnvCache } from "@/lib/config/env";
import { proxyRecordsSettled } from "@/lib/proxy/proxyRecord";
import { describeEachBackend } from "./backends";
import { FAKE_TOKENS, startFakeOpenAIUpstream, type FakeUpstream } from "./fakeOpenAIUpstream";
import { startRouteServer, type RouteHandler, type RouteServer } from "./routeServer";
import { useTestAccounts } from "./testDb";

const UPSTREAM_KEY = "sk-upstream-secret-0123456789";

/** A loopback port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

interface LoggedToken {
  token: string;
  logprob: number | null;
}

/**
 * The logging proxy over real HTTP with the official `openai` SDK, against a real HTTP server
 * answering as OpenAI does (tests/fakeOpenAIUpstream.ts: it stands in for the paid remote API,
 * the only thing mocked). Each answer is found again through GET /api/v1/responses with the
 * tokens the client received.
 */
describeEachBackend("logging proxy (OpenAI-shaped upstream)", () => {
  const setup = useTestAccounts();
  let upstream: FakeUpstream;
  let server: RouteServer;
  const saved = { providers: process.env.LOUPE_PROVIDERS, key: process.env.FAKE_UPSTREAM_KEY };

  beforeAll(async () => {
    upstream = await startFakeOpenAIUpstream();
    process.env.FAKE_UPSTREAM_KEY = UPSTREAM_KEY;
    process.env.LOUPE_PROVIDERS = JSON.stringify([
      { id: "fake", baseURL: `${upstream.base}/v1`, apiKeyEnv: "FAKE_UPSTREAM_KEY", preset: "openai" },
      // A port that was free a moment ago: nothing listens there, a provider that is down.
      { id: "down", baseURL: `http://127.0.0.1:${await closedPort()}/v1` },
    ]);
    resetEnvCache();
    server = await startRouteServer([
      { path: "/api/v1/proxy/[providerId]/chat/completions", handlers: { POST: proxyChat as RouteHandler } },
      { path: "/api/v1/proxy/[providerId]/completions", handlers: { POST: proxyCompletions as RouteHandler } },
      { path: "/api/v1/responses", handlers: { GET: listResponses as RouteHandler } },
      { path: "/api/v1/responses/[id]", handlers: { GET: getResponse as RouteHandler } },
    ]);
  });
  afterAll(async () => {
    await server?.close();
    await upstream?.close();
    for (const [name, value] of [["LOUPE_PROVIDERS", saved.providers], ["FAKE_UPSTREAM_KEY", saved.key]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  });

  const sdk = (options: { apiKey?: string; headers?: Record<string, string> } = {}) =>
    new OpenAI({ baseURL: `${server.base}/api/v1/proxy/fake`, apiKey: options.apiKey ?? setup.apiKey, defaultHeaders: options.headers, maxRetries: 0 });

  /** The logged response whose external id ends with the completion's id, with its tokens. */
  async function logged(completionId: string) {
    await proxyRecordsSettled();
    const auth = { authorization: `Bearer ${setup.apiKey}` };
    const list = (await (await fetch(`${server.base}/api/v1/responses?tag=proxy&limit=100`, { headers: auth })).json()) as { data: Array<{ id: number; externalId: string | null }> };
    const row = list.data.find((entry) => entry.externalId === `fake:${completionId}`);
    expect(row, `response fake:${completionId} logged`).toBeDefined();
    const detail = (await (await fetch(`${server.base}/api/v1/responses/${row?.id}`, { headers: auth })).json()) as {
      tags: string[];
      params: Record<string, unknown>;
      messages: unknown[] | null;
      prompt: string | null;
      outputText: string;
      tokens: Array<LoggedToken & { topLogprobs?: unknown[] }>;
      metadata: { proxy: Record<string, unknown> };
    };
    return detail;
  }

  it("adds logprobs the caller did not ask for, strips them from the JSON answer, and records the tokens the caller received", async () => {
    const before = upstream.received.length;
    const answer = await sdk().chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hello" }], temperature: 0 });
    expect(answer.choices[0]?.message.content).toBe(FAKE_TOKENS.join(""));
    expect(answer.choices[0]?.logprobs).toBeNull();
    const sent = upstream.received[before];
    expect(sent?.body).toMatchObject({ logprobs: true, top_logprobs: 5, temperature: 0 });
    expect(sent?.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);

    const detail = await logged(answer.id);
    expect(detail.tags).toContain("proxy");
    expect(detail.tokens.map((t) => t.token).join("")).toBe(answer.choices[0]?.message.content);
    expect(detail.tokens.map((t) => t.token)).toEqual(FAKE_TOKENS);
    expect(detail.messages).toEqual([{ role: "user", content: "Say hello" }]);
    expect(detail.params).toMatchObject({ temperature: 0, top_logprobs: 5, logprobs: true });
    expect(detail.metadata.proxy).toMatchObject({ provider: "fake", endpoint: "chat", stream: false, logprobsAddedByProxy: true });
  });

  it("streams with the caller's own logprobs kept, and logs exactly the tokens and logprobs the client received", async () => {
    const stream = await sdk().chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hello" }], stream: true, logprobs: true, top_logprobs: 2 });
    const received: LoggedToken[] = [];
    let id = "";
    for await (const chunk of stream) {
      id = chunk.id;
      for (const entry of chunk.choices[0]?.logprobs?.content ?? []) {
        expect(entry.top_logprobs).toHaveLength(2);
        received.push({ token: entry.token, logprob: entry.logprob });
      }
    }
    expect(received.map((t) => t.token)).toEqual(FAKE_TOKENS);
    const detail = await logged(id);
    // Token blobs store logprobs as float32 (lib/storage/tokenBlob.ts).
    expect(detail.tokens.map((t) => ({ token: t.token, logprob: t.logprob }))).toEqual(received.map((t) => ({ token: t.token, logprob: Math.fround(t.logprob as number) })));
    expect(detail.metadata.proxy).toMatchObject({ stream: true, logprobsAddedByProxy: false });
  });

  it("strips added logprobs from every SSE chunk and still records them", async () => {
    const stream = await sdk().chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hello" }], stream: true });
    let text = "";
    let id = "";
    for await (const chunk of stream) {
      id = chunk.id;
      expect(chunk.choices[0]?.logprobs ?? null).toBeNull();
      text += chunk.choices[0]?.delta.content ?? "";
    }
    const detail = await logged(id);
    expect(detail.tokens.map((t) => t.token).join("")).toBe(text);
    expect(detail.tokens.every((t) => typeof t.logprob === "number")).toBe(true);
  });

  it("passes each SSE chunk on as it arrives, before the upstream has finished", async () => {
    const held = upstream.holdStreams();
    const stream = await sdk().chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hello" }], stream: true });
    const iterator = stream[Symbol.asyncIterator]();
    const first = await Promise.race([iterator.next(), new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 5_000))]);
    expect(first).not.toBe("timeout");
    expect((first as IteratorResult<OpenAI.Chat.ChatCompletionChunk>).value.choices[0]?.delta.content).toBe(FAKE_TOKENS[0]);
    held.release();
    for (let next = await iterator.next(); !next.done; next = await iterator.next());
  });

  it("uses the caller's own upstream key with the Loupe key in Loupe-Key", async () => {
    const before = upstream.received.length;
    const answer = await sdk({ apiKey: "sk-callers-own-key", headers: { "Loupe-Key": setup.apiKey } }).chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] });
    expect(upstream.received[before]?.authorization).toBe("Bearer sk-callers-own-key");
    expect((await logged(answer.id)).tokens.map((t) => t.token)).toEqual(FAKE_TOKENS);
  });

  it("proxies legacy completions, JSON and streamed, with the added logprobs stripped", async () => {
    const before = upstream.received.length;
    const answer = await sdk().completions.create({ model: "gpt-3.5-turbo-instruct", prompt: "Say hello", max_tokens: 5 });
    expect(answer.choices[0]?.logprobs).toBeNull();
    expect(upstream.received[before]?.body).toMatchObject({ logprobs: 5 });
    const detail = await logged(answer.id);
    expect(detail.tokens.map((t) => t.token)).toEqual(FAKE_TOKENS);
    expect(detail.prompt).toBe("Say hello");

    const stream = await sdk().completions.create({ model: "gpt-3.5-turbo-instruct", prompt: "Say hello", stream: true, logprobs: 2 });
    const tokens: string[] = [];
    let id = "";
    for await (const chunk of stream) {
      id = chunk.id;
      tokens.push(...(chunk.choices[0]?.logprobs?.tokens ?? []));
    }
    expect(tokens).toEqual(FAKE_TOKENS);
    expect((await logged(id)).tokens.map((t) => t.token)).toEqual(tokens);
  });

  it("passes upstream errors through with their status, body and rate-limit headers", async () => {
    const unauthorized = JSON.stringify({ error: { message: "Incorrect API key provided: sk-***.", type: "invalid_request_error", param: null, code: "invalid_api_key" } });
    upstream.failNext(401, unauthorized);
    const error = await sdk().chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).error).toEqual(JSON.parse(unauthorized).error);

    const limited = JSON.stringify({ error: { message: "Rate limit reached for gpt-4o-mini", type: "requests", param: null, code: "rate_limit_exceeded" } });
    upstream.failNext(429, limited, { "retry-after": "7", "x-ratelimit-remaining-requests": "0" });
    const raw = await fetch(`${server.base}/api/v1/proxy/fake/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${setup.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }], stream: true }),
    });
    expect(raw.status).toBe(429);
    expect(await raw.text()).toBe(limited);
    expect(raw.headers.get("retry-after")).toBe("7");
    expect(raw.headers.get("x-ratelimit-remaining-requests")).toBe("0");

    upstream.failNext(429, limited);
    await expect(sdk().chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] })).rejects.toBeInstanceOf(RateLimitError);
  });

  it("answers 502 upstream_down, saying so, when the provider cannot be reached", async () => {
    const raw = await fetch(`${server.base}/api/v1/proxy/down/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${setup.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "Hi" }], stream: true }),
    });
    expect(raw.status).toBe(502);
    const body = (await raw.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("upstream_down");
    // No base URL for a key holder: internal hosts are for instance admins.
    expect(body.error.message).toBe("cannot reach provider down: ECONNREFUSED; is it running?");
  });

  it("refuses, before any upstream call, a top_logprobs above the provider's limit, naming it", async () => {
    const before = upstream.received.length;
    const raw = await fetch(`${server.base}/api/v1/proxy/fake/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${setup.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }], logprobs: true, top_logprobs: 25 }),
    });
    expect(raw.status).toBe(400);
    const body = (await raw.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("provider_limit");
    expect(body.error.message).toMatch(/top_logprobs 25 is above its limit of 20/);
    expect(upstream.received.length).toBe(before);
  });

  it("answers 401 without a valid Loupe key, 404 for an unknown provider, 400 for a body without messages", async () => {
    const post = (path: string, key: string, body: unknown) =>
      fetch(`${server.base}${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    const chat = { model: "m", messages: [{ role: "user", content: "Hi" }] };
    expect((await post("/api/v1/proxy/fake/chat/completions", "lp_not_a_key", chat)).status).toBe(401);
    const unknown = await post("/api/v1/proxy/nope/chat/completions", setup.apiKey, chat);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("provider_not_found");
    const invalid = await post("/api/v1/proxy/fake/chat/completions", setup.apiKey, { model: "m" });
    expect(invalid.status).toBe(400);
  });
});

