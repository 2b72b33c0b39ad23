import OpenAI, { NotFoundError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as openaiChat } from "@/app/api/v1/openai/chat/completions/route";
import { POST as openaiCompletions } from "@/app/api/v1/openai/completions/route";
import { GET as openaiModels } from "@/app/api/v1/openai/models/route";
import { POST as proxyChat } from "@/app/api/v1/proxy/[providerId]/chat/completions/route";
import { POST as proxyCompletions } from "@/app/api/v1/proxy/[providerId]/completions/route";
import { GET as getResponse } from "@/app/api/v1/responses/[id]/route";
import { GET as listResponses } from "@/app/api/v1/responses/route";
import { resetEnvCache } from "@/lib/config/env";
import { db as dataLayer } from "@/lib/db/database";
import { listProviders } from "@/lib/providers/registry";
import { testProviderConnection } from "@/lib/providers/testConnection";
import { proxyRecordsSettled } from "@/lib/proxy/proxyRecord";
import { startRouteServer, type RouteHandler, type RouteServer } from "./routeServer";
import { LOUPE_TEST_MODEL, NO_TEST_MODEL, testModelTitle } from "./sharedFixtures";
import { useTestDatabase } from "./testDb";

interface LoggedDetail {
  tags: string[];
  outputText: string;
  tokens: Array<{ token: string; logprob: number | null }>;
  metadata: { proxy: Record<string, unknown> };
}

/**
 * The logging proxy end to end with nothing mocked: provider `local` (the real small model,
 * in-process) and provider `loupe-self`, whose base URL is Loupe's own /api/v1/openai endpoint
 * served by a second real HTTP server. The official `openai` SDK calls the proxy, streaming and
 * not; every answer is found again through GET /api/v1/responses with the tokens the client got.
 */
describe.skipIf(NO_TEST_MODEL)(testModelTitle("logging proxy on the real local model"), () => {
  let database: ReturnType<typeof useTestDatabase>;
  let upstream: RouteServer;
  let proxy: RouteServer;
  const saved = { model: process.env.LOUPE_LOCAL_MODEL, providers: process.env.LOUPE_PROVIDERS, self: process.env.LOUPE_SELF_KEY };

  beforeAll(async () => {
    database = useTestDatabase();
    upstream = await startRouteServer([
      { path: "/api/v1/openai/chat/completions", handlers: { POST: openaiChat as RouteHandler } },
      { path: "/api/v1/openai/completions", handlers: { POST: openaiCompletions as RouteHandler } },
      { path: "/api/v1/openai/models", handlers: { GET: openaiModels as RouteHandler } },
    ]);
    process.env.LOUPE_LOCAL_MODEL = LOUPE_TEST_MODEL;
    process.env.LOUPE_SELF_KEY = database.apiKey as string;
    process.env.LOUPE_PROVIDERS = JSON.stringify([{ id: "loupe-self", baseURL: `${upstream.base}/api/v1/openai`, apiKeyEnv: "LOUPE_SELF_KEY" }]);
    resetEnvCache();
    proxy = await startRouteServer([
      { path: "/api/v1/proxy/[providerId]/chat/completions", handlers: { POST: proxyChat as RouteHandler } },
      { path: "/api/v1/proxy/[providerId]/completions", handlers: { POST: proxyCompletions as RouteHandler } },
      { path: "/api/v1/responses", handlers: { GET: listResponses as RouteHandler } },
      { path: "/api/v1/responses/[id]", handlers: { GET: getResponse as RouteHandler } },
    ]);
  });
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
    for (const [name, value] of [["LOUPE_LOCAL_MODEL", saved.model], ["LOUPE_PROVIDERS", saved.providers], ["LOUPE_SELF_KEY", saved.self]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    database?.cleanup();
  });

  const sdk = (providerId: string) => new OpenAI({ baseURL: `${proxy.base}/api/v1/proxy/${providerId}`, apiKey: database.apiKey as string, maxRetries: 0 });
  const auth = () => ({ authorization: `Bearer ${database.apiKey}` });

  async function logged(providerId: string, completionId: string): Promise<LoggedDetail> {
    await proxyRecordsSettled();
    const list = (await (await fetch(`${proxy.base}/api/v1/responses?tag=proxy&limit=100`, { headers: auth() })).json()) as { data: Array<{ id: number; externalId: string | null }> };
    const row = list.data.find((entry) => entry.externalId === `${providerId}:${completionId}`);
    expect(row, `logged ${providerId}:${completionId}`).toBeDefined();
    return (await (await fetch(`${proxy.base}/api/v1/responses/${row?.id}`, { headers: auth() })).json()) as LoggedDetail;
  }

  const messages = [{ role: "user" as const, content: "Once upon a time" }];

  it("lists the built-in local provider with its model and limits, and its connection test runs in-process", async () => {
    const providers = await listProviders();
    expect(providers.map((p) => `${p.id}:${p.source}`)).toEqual(["local:builtin", "loupe-self:env"]);
    expect(providers[0]).toMatchObject({ kind: "local", models: ["stories260K"], limits: { maxTopLogprobs: 20, promptLogprobs: true }, keySet: false });
    expect(await testProviderConnection(dataLayer(), "local")).toMatchObject({ ok: true, models: ["stories260K"] });
    expect(await testProviderConnection(dataLayer(), "loupe-self")).toMatchObject({ ok: true, models: ["stories260K"] });
  });

  for (const providerId of ["local", "loupe-self"]) {
    describe(`provider ${providerId}`, () => {
      it("answers JSON without the logprobs it added, and logs the tokens of the text the client received", async () => {
        const answer = await sdk(providerId).chat.completions.create({ model: "stories260K", messages, max_tokens: 12, temperature: 0 });
        const text = answer.choices[0]?.message.content ?? "";
        expect(text.length).toBeGreaterThan(0);
        expect(answer.choices[0]?.logprobs).toBeNull();
        const detail = await logged(providerId, answer.id);
        expect(detail.tags).toContain("proxy");
        expect(detail.tokens).toHaveLength(12);
        expect(detail.tokens.map((t) => t.token).join("")).toBe(text);
        expect(detail.metadata.proxy).toMatchObject({ provider: providerId, logprobsAddedByProxy: true, stream: false });
      });

      it("streams the caller's requested logprobs through, and logs exactly those tokens and logprobs", async () => {
        const stream = await sdk(providerId).chat.completions.create({ model: "stories260K", messages, max_tokens: 12, temperature: 0, stream: true, logprobs: true, top_logprobs: 3 });
        const received: Array<{ token: string; logprob: number }> = [];
        let id = "";
        let text = "";
        for await (const chunk of stream) {
          id = chunk.id;
          text += chunk.choices[0]?.delta.content ?? "";
          for (const entry of chunk.choices[0]?.logprobs?.content ?? []) {
            expect(entry.top_logprobs).toHaveLength(3);
            received.push({ token: entry.token, logprob: entry.logprob });
          }
        }
        expect(received).toHaveLength(12);
        expect(received.map((t) => t.token).join("")).toBe(text);
        const detail = await logged(providerId, id);
        // Token blobs store logprobs as float32 (lib/storage/tokenBlob.ts).
        expect(detail.tokens).toEqual(received.map((t) => expect.objectContaining({ token: t.token, logprob: Math.fround(t.logprob) })));
      });

      it("streams without the logprobs it added in any chunk, and still logs them", async () => {
        const stream = await sdk(providerId).chat.completions.create({ model: "stories260K", messages, max_tokens: 12, temperature: 0, stream: true });
        let id = "";
        let text = "";
        for await (const chunk of stream) {
          id = chunk.id;
          expect(chunk.choices[0]?.logprobs ?? null).toBeNull();
          text += chunk.choices[0]?.delta.content ?? "";
        }
        const detail = await logged(providerId, id);
        expect(detail.tokens.map((t) => t.token).join("")).toBe(text);
        expect(detail.tokens.every((t) => typeof t.logprob === "number")).toBe(true);
      });
    });
  }

  it("proxies a legacy completion on the local model with its logprobs stripped and logged", async () => {
    const answer = await sdk("local").completions.create({ model: "stories260K", prompt: "Once upon a time", max_tokens: 8, temperature: 0 });
    expect(answer.choices[0]?.logprobs).toBeNull();
    const detail = await logged("local", answer.id);
    expect(detail.tokens.map((t) => t.token).join("")).toBe(answer.choices[0]?.text);
  });

  it("passes an error of Loupe's own endpoint through with its status and body", async () => {
    const direct = await fetch(`${upstream.base}/api/v1/openai/chat/completions`, {
      method: "POST",
      headers: { ...auth(), "content-type": "application/json" },
      body: JSON.stringify({ model: "no-such-model", messages }),
    });
    const viaProxy = await fetch(`${proxy.base}/api/v1/proxy/loupe-self/chat/completions`, {
      method: "POST",
      headers: { ...auth(), "content-type": "application/json" },
      body: JSON.stringify({ model: "no-such-model", messages }),
    });
    expect(viaProxy.status).toBe(direct.status);
    expect(await viaProxy.text()).toBe(await direct.text());
    await expect(sdk("loupe-self").chat.completions.create({ model: "no-such-model", messages })).rejects.toBeInstanceOf(NotFoundError);
  });
});
