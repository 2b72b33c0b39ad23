import { getLlama } from "node-llama-cpp";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as chatRoute } from "@/app/api/v1/openai/chat/completions/route";
import { POST as completionsRoute } from "@/app/api/v1/openai/completions/route";
import { GET as modelsRoute } from "@/app/api/v1/openai/models/route";
import { resetEnvCache } from "@/lib/config/env";
import { chatPromptText } from "@/lib/llm/chatPrompt";
import { parsePayload } from "@/lib/logprobs";
import { startRouteServer, type RouteServer } from "./routeServer";
import { LOUPE_TEST_MODEL, NO_TEST_MODEL, testModelTitle } from "./sharedFixtures";
import { useTestDatabase } from "./testDb";

const MODEL = "stories260K";

interface ChatToken {
  token: string;
  logprob: number;
  bytes: number[] | null;
  top_logprobs: { token: string; logprob: number }[];
}

/** Loupe's OpenAI-compatible endpoint over real HTTP, driven by the official `openai` SDK, on the real small model. */
describe.skipIf(NO_TEST_MODEL)(testModelTitle("OpenAI-compatible endpoint (local model, openai SDK over HTTP)"), () => {
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
    resetEnvCache();
    database?.cleanup();
  });

  const chatParams = {
    model: MODEL,
    messages: [{ role: "user" as const, content: "Once upon a time" }],
    max_tokens: 24,
    temperature: 0.9,
    seed: 7,
    logprobs: true,
    top_logprobs: 4,
  };

  async function streamedChat(params: Omit<OpenAI.ChatCompletionCreateParamsStreaming, "stream">) {
    const stream = await client.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } });
    const byChoice = new Map<number, { text: string; tokens: ChatToken[]; finish: string | null }>();
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      for (const choice of chunk.choices) {
        const entry = byChoice.get(choice.index) ?? { text: "", tokens: [], finish: null };
        entry.text += choice.delta.content ?? "";
        entry.tokens.push(...((choice.logprobs?.content ?? []) as ChatToken[]));
        if (choice.finish_reason) entry.finish = choice.finish_reason;
        byChoice.set(choice.index, entry);
      }
    }
    return { byChoice, usage };
  }

  it("lists the configured model", async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual([MODEL]);
  });

  it("gives the same chat tokens and logprobs streamed and not (seeded sampling at temperature 0.9)", async () => {
    const whole = await client.chat.completions.create(chatParams);
    const choice = whole.choices[0]!;
    const tokens = choice.logprobs!.content! as ChatToken[];
    expect(tokens).toHaveLength(24);
    expect(choice.finish_reason).toBe("length");
    expect(whole.usage).toEqual({ prompt_tokens: expect.any(Number), completion_tokens: 24, total_tokens: whole.usage!.prompt_tokens + 24 });
    expect(tokens.map((token) => token.token).join("")).toBe(choice.message.content);
    for (const token of tokens) {
      expect(token.top_logprobs).toHaveLength(4);
      expect(token.logprob).toBeLessThanOrEqual(0);
      // Logprobs of one full distribution: the alternatives are sorted and never exceed total mass 1.
      const mass = token.top_logprobs.reduce((sum, alternative) => sum + Math.exp(alternative.logprob), 0);
      expect(mass).toBeLessThanOrEqual(1 + 1e-9);
      expect(token.top_logprobs.map((alternative) => alternative.logprob)).toEqual([...token.top_logprobs.map((alternative) => alternative.logprob)].sort((a, b) => b - a));
      expect(Buffer.from(token.bytes!).toString("utf8")).toBe(token.token);
    }
    const streamed = await streamedChat(chatParams);
    const only = streamed.byChoice.get(0)!;
    expect(only.text).toBe(choice.message.content);
    expect(only.tokens).toEqual(tokens);
    expect(only.finish).toBe("length");
    expect(streamed.usage).toEqual(whole.usage);
  });

  it("gives the same legacy completion tokens and logprobs streamed and not", async () => {
    const params = { model: MODEL, prompt: "The little dog", max_tokens: 20, temperature: 1, seed: 3, logprobs: 3 };
    const whole = await client.completions.create(params);
    const stream = await client.completions.create({ ...params, stream: true });
    let text = "";
    const tokens: string[] = [];
    const logprobs: (number | null)[] = [];
    const tops: unknown[] = [];
    const offsets: number[] = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (!choice) continue;
      text += choice.text;
      tokens.push(...(choice.logprobs?.tokens ?? []));
      logprobs.push(...(choice.logprobs?.token_logprobs ?? []));
      tops.push(...(choice.logprobs?.top_logprobs ?? []));
      offsets.push(...(choice.logprobs?.text_offset ?? []));
      if (choice.finish_reason) finish = choice.finish_reason;
    }
    const choice = whole.choices[0]!;
    expect(text).toBe(choice.text);
    expect(tokens).toEqual(choice.logprobs!.tokens);
    expect(logprobs).toEqual(choice.logprobs!.token_logprobs);
    expect(tops).toEqual(choice.logprobs!.top_logprobs);
    expect(offsets).toEqual(choice.logprobs!.text_offset);
    expect(finish).toBe(choice.finish_reason);
    expect(choice.logprobs!.tokens).toHaveLength(20);
  });

  it("matches node-llama-cpp's own greedy output at temperature 0", async () => {
    const prompt = "Once upon a time";
    const whole = await client.completions.create({ model: MODEL, prompt, max_tokens: 40, temperature: 0 });
    // node-llama-cpp's own greedy decoding, computed here with its own sampler.
    const llama = await getLlama({ gpu: false, build: "never", maxThreads: 1 });
    const model = await llama.loadModel({ modelPath: LOUPE_TEST_MODEL });
    const context = await model.createContext({ contextSize: 256, threads: 1 });
    try {
      const input = [model.tokens.bos!, ...model.tokenize(prompt, false)];
      const greedy = [];
      for await (const token of context.getSequence().evaluate(input, { temperature: 0 })) {
        greedy.push(token);
        if (greedy.length === 40) break;
      }
      expect(whole.choices[0]!.text).toBe(model.detokenize(greedy, false, input));
      expect(whole.choices[0]!.text.length).toBeGreaterThan(40);
    } finally {
      await context.dispose();
      await model.dispose();
    }
  });

  it("answers top_logprobs above 20, or without logprobs, with a 400 in OpenAI's error shape naming the parameter", async () => {
    const tooMany = await client.chat.completions.create({ ...chatParams, top_logprobs: 21 }).catch((error: unknown) => error);
    expect(tooMany).toBeInstanceOf(OpenAI.BadRequestError);
    expect((tooMany as InstanceType<typeof OpenAI.BadRequestError>).status).toBe(400);
    expect((tooMany as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("top_logprobs");
    expect((tooMany as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(/at most 20/);
    const withoutLogprobs = await client.chat.completions.create({ ...chatParams, logprobs: false }).catch((error: unknown) => error);
    expect((withoutLogprobs as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("top_logprobs");
    const legacy = await client.completions.create({ model: MODEL, prompt: "x", logprobs: 6 }).catch((error: unknown) => error);
    expect(legacy).toBeInstanceOf(OpenAI.BadRequestError);
    expect((legacy as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("logprobs");
    const raw = await fetch(`${server.base}/api/v1/openai/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${database.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ ...chatParams, top_logprobs: 21 }),
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({ error: { message: expect.stringMatching(/top_logprobs/), type: "invalid_request_error", param: "top_logprobs", code: "invalid_value" } });
  });

  it("echoes the prompt with its logprobs (first token null), then the completion", async () => {
    const prompt = "Tom and Sue went to the park";
    const whole = await client.completions.create({ model: MODEL, prompt, max_tokens: 8, temperature: 0, echo: true, logprobs: 2 });
    const choice = whole.choices[0]!;
    const logprobs = choice.logprobs!;
    expect(choice.text.startsWith(prompt)).toBe(true);
    expect(logprobs.tokens!.join("")).toBe(choice.text);
    const promptCount = whole.usage!.prompt_tokens;
    expect(logprobs.tokens!.slice(0, promptCount).join("")).toBe(prompt);
    expect(logprobs.token_logprobs![0]).toBeNull();
    expect(logprobs.top_logprobs![0]).toBeNull();
    for (const logprob of logprobs.token_logprobs!.slice(1)) expect(logprob).toBeLessThanOrEqual(0);
    expect(logprobs.text_offset![promptCount]).toBe(prompt.length);
    expect(logprobs.tokens).toHaveLength(promptCount + 8);
  });

  it("cuts at a stop string (not included), in both modes", async () => {
    const base = { model: MODEL, prompt: "Once upon a time", max_tokens: 40, temperature: 0, logprobs: 1 };
    const free = (await client.completions.create(base)).choices[0]!.text;
    const stop = " named";
    expect(free).toContain(stop);
    const cut = await client.completions.create({ ...base, stop: [stop, "zzz"] });
    expect(cut.choices[0]!.text).toBe(free.slice(0, free.indexOf(stop)));
    expect(cut.choices[0]!.finish_reason).toBe("stop");
    expect(cut.choices[0]!.logprobs!.tokens!.join("")).toBe(cut.choices[0]!.text);
    let streamedText = "";
    for await (const chunk of await client.completions.create({ ...base, stop, stream: true })) streamedText += chunk.choices[0]?.text ?? "";
    expect(streamedText).toBe(cut.choices[0]!.text);
  });

  it("gives n choices with their index, reproducible with the same seed", async () => {
    const params = { ...chatParams, n: 3, temperature: 1.2, max_tokens: 16 };
    const first = await client.chat.completions.create(params);
    const again = await client.chat.completions.create(params);
    expect(first.choices.map((choice) => choice.index)).toEqual([0, 1, 2]);
    expect(again.choices.map((choice) => choice.message.content)).toEqual(first.choices.map((choice) => choice.message.content));
    expect(new Set(first.choices.map((choice) => choice.message.content)).size).toBeGreaterThan(1);
    const other = await client.chat.completions.create({ ...params, seed: 8 });
    expect(other.choices.map((choice) => choice.message.content)).not.toEqual(first.choices.map((choice) => choice.message.content));
    const streamed = await streamedChat(params);
    expect([0, 1, 2].map((index) => streamed.byChoice.get(index)?.text)).toEqual(first.choices.map((choice) => choice.message.content));
  });

  it("continues a final assistant message (prefill) and answers vLLM's prompt_logprobs", async () => {
    const messages = [
      { role: "user" as const, content: "Tell me a story." },
      { role: "assistant" as const, content: "Once upon a time, there was a" },
    ];
    const prefilled = await client.chat.completions.create({ model: MODEL, messages, max_tokens: 10, temperature: 0, prompt_logprobs: 2 } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    const plain = await client.completions.create({ model: MODEL, prompt: chatPromptText(messages).text, max_tokens: 10, temperature: 0 });
    expect(chatPromptText(messages).text).toBe("Tell me a story.\n\nOnce upon a time, there was a");
    expect(prefilled.choices[0]!.message.content).toBe(plain.choices[0]!.text);
    const promptLogprobs = (prefilled as unknown as { prompt_logprobs: (Record<string, { logprob: number; rank: number; decoded_token: string }> | null)[] }).prompt_logprobs;
    expect(promptLogprobs).toHaveLength(prefilled.usage!.prompt_tokens);
    expect(promptLogprobs[0]).toBeNull();
    for (const position of promptLogprobs.slice(1)) {
      const entries = Object.values(position!);
      expect(entries.length).toBeGreaterThanOrEqual(2);
      expect(entries.length).toBeLessThanOrEqual(3);
      expect(entries.every((entry) => entry.logprob <= 0 && entry.rank >= 1)).toBe(true);
    }
  });

  it("refuses a bad key (401), an unknown model (404) and answers 503 with how to configure when no model is set", async () => {
    const stranger = new OpenAI({ apiKey: "not-a-loupe-key-at-all", baseURL: `${server.base}/api/v1/openai`, maxRetries: 0 });
    await expect(stranger.chat.completions.create(chatParams)).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const noKey = await fetch(`${server.base}/api/v1/openai/models`);
    expect(noKey.status).toBe(401);
    expect((await noKey.json()).error.type).toBe("authentication_error");
    const unknown = await client.chat.completions.create({ ...chatParams, model: "gpt-9" }).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect((unknown as InstanceType<typeof OpenAI.NotFoundError>).code).toBe("model_not_found");
    process.env.LOUPE_LOCAL_MODEL = "";
    resetEnvCache();
    try {
      const none = await client.chat.completions.create(chatParams).catch((error: unknown) => error);
      expect((none as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
      expect((none as InstanceType<typeof OpenAI.APIError>).message).toMatch(/LOUPE_LOCAL_MODEL=/);
    } finally {
      process.env.LOUPE_LOCAL_MODEL = LOUPE_TEST_MODEL;
      resetEnvCache();
    }
  });

  it("serves concurrent requests one at a time, each as if alone", async () => {
    const prompts = ["The cat", "A big tree", "Lily and Ben", "The sun was"];
    const alone = [];
    for (const prompt of prompts) alone.push((await client.completions.create({ model: MODEL, prompt, max_tokens: 15, temperature: 0.8, seed: 11, logprobs: 2 })).choices[0]);
    const together = await Promise.all(prompts.map((prompt, index) =>
      index % 2 === 0
        ? client.completions.create({ model: MODEL, prompt, max_tokens: 15, temperature: 0.8, seed: 11, logprobs: 2 }).then((result) => result.choices[0])
        : (async () => {
            let text = "";
            for await (const chunk of await client.completions.create({ model: MODEL, prompt, max_tokens: 15, temperature: 0.8, seed: 11, stream: true })) text += chunk.choices[0]?.text ?? "";
            return { text };
          })(),
    ));
    expect(together.map((choice) => choice?.text)).toEqual(alone.map((choice) => choice?.text));
  });

  it("is readable by Loupe's own ingest parsers: chat JSON, chat SSE and legacy echo give the tokens the client got", async () => {
    const post = (path: string, body: object) =>
      fetch(`${server.base}/api/v1/openai/${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${database.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const json = await (await post("chat/completions", chatParams)).json();
    const content = json.choices[0].logprobs.content as ChatToken[];
    const fromJson = parsePayload(json);
    expect(fromJson.format).toBe("openai-chat");
    expect(fromJson.samples[0]!.tokens.map((token) => [token.token, token.logprob])).toEqual(content.map((token) => [token.token, token.logprob]));
    expect(fromJson.samples[0]!.tokens.map((token) => token.top.length)).toEqual(content.map(() => 4));
    expect(fromJson.samples[0]!.outputText).toBe(json.choices[0].message.content);

    const sse = await (await post("chat/completions", { ...chatParams, stream: true })).text();
    expect(sse.endsWith("data: [DONE]\n\n")).toBe(true);
    const fromSse = parsePayload(sse);
    expect(fromSse.format).toBe("openai-chat-stream");
    expect(fromSse.samples[0]!.tokens).toEqual(fromJson.samples[0]!.tokens);

    const prompt = "Ben had a red ball";
    const echo = await (await post("completions", { model: MODEL, prompt, max_tokens: 6, temperature: 0, echo: true, logprobs: 2 })).json();
    const fromEcho = parsePayload(echo);
    expect(fromEcho.format).toBe("openai-legacy");
    expect(fromEcho.promptTokens!.map((token) => token.token).join("")).toBe(prompt);
    expect(fromEcho.promptTokens![0]!.logprob).toBeNull();
    expect(fromEcho.samples[0]!.tokens.map((token) => token.logprob)).toEqual(echo.choices[0].logprobs.token_logprobs.slice(fromEcho.promptTokens!.length));
  });
});
