import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/config/env";
import { POST as chatRoute } from "@/app/api/v1/openai/chat/completions/route";
import { POST as completionsRoute } from "@/app/api/v1/openai/completions/route";
import { GET as modelsRoute } from "@/app/api/v1/openai/models/route";
import { startRouteServer, type RouteServer } from "./routeServer";
import { LOUPE_TEST_MODEL, NO_TEST_MODEL, testModelTitle } from "./sharedFixtures";
import { useTestDatabase } from "./testDb";

/** Loupe's OpenAI-compatible endpoint, over real HTTP, driven by the official `openai` SDK, on the real small model. */
describe.skipIf(NO_TEST_MODEL)(testModelTitle("OpenAI-compatible endpoint (local model, openai SDK)"), () => {
  let server: RouteServer;
  let client: OpenAI;
  let database: ReturnType<typeof useTestDatabase>;
  const savedModel = process.env.LOUPE_LOCAL_MODEL;

  beforeAll(async () => {
    database = useTestDatabase();
    process.env.LOUPE_LOCAL_MODEL = LOUPE_TEST_MODEL;
    resetEnvCache();
    server = await startRouteServer([
      { path: "/api/v1/openai/chat/completions", handlers: { POST: chatRoute } },
      { path: "/api/v1/openai/completions", handlers: { POST: completionsRoute } },
      { path: "/api/v1/openai/models", handlers: { GET: modelsRoute } },
    ]);
    client = new OpenAI({ apiKey: database.apiKey as string, baseURL: `${server.base}/api/v1/openai`, maxRetries: 0 });
  });
  afterAll(async () => {
    await server?.close();
    if (savedModel === undefined) delete process.env.LOUPE_LOCAL_MODEL;
    else process.env.LOUPE_LOCAL_MODEL = savedModel;
    database?.cleanup();
  });

  it("answers a chat completion with logprobs and top_logprobs", async () => {
    const completion = await client.chat.completions.create({
      model: "stories260K",
      messages: [{ role: "user", content: "Once upon a time" }],
      max_tokens: 12,
      temperature: 0,
      logprobs: true,
      top_logprobs: 3,
    });
    const choice = completion.choices[0]!;
    expect(choice.logprobs?.content).toHaveLength(12);
  });
});
