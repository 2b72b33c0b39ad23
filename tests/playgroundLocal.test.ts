import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as setup } from "@/app/api/auth/setup/route";
import { POST as postAttribution } from "@/app/api/v1/playground/attribution/route";
import { POST as postLabels } from "@/app/api/v1/playground/labels/route";
import { GET as getProviders } from "@/app/api/v1/playground/providers/route";
import { POST as postRun } from "@/app/api/v1/playground/run/route";
import { POST as postSamples } from "@/app/api/v1/playground/samples/route";
import { POST as postSave } from "@/app/api/v1/playground/save/route";
import { GET as getResponse } from "@/app/api/v1/responses/[id]/route";
import { resetEnvCache } from "@/lib/config/env";
import { labelProbabilities } from "@/lib/metrics/labelProbabilities";
import { sampleConsistency } from "@/lib/metrics/sampleConsistency";
import type { AttributionEvent } from "@/lib/playground/probes";
import type { RunEvent } from "@/lib/playground/runStream";
import type { TokenDto } from "@/lib/queries/responseDto";
import { describeEachBackend } from "./backends";
import { sharedPath } from "./sharedFixtures";
import { useTestAccounts } from "./testDb";

const MODEL_PATH = process.env.LOUPE_TEST_MODEL || sharedPath("models", "stories260K.gguf");
const HAS_MODEL = fs.existsSync(MODEL_PATH);
const MODEL = "stories260K";

const ORIGIN = "http://localhost";
const send = (path: string, cookie: string, body: unknown, signal?: AbortSignal) =>
  new Request(`${ORIGIN}${path}`, { method: "POST", headers: { "content-type": "application/json", origin: ORIGIN, host: "localhost", cookie }, body: JSON.stringify(body), signal });
const get = (path: string, cookie: string) => new Request(`${ORIGIN}${path}`, { headers: { cookie } });
const lines = async <E>(response: Response) => (await response.text()).trim().split("\n").map((line) => JSON.parse(line) as E);
const tokensOf = (events: RunEvent[]) => events.flatMap((event) => (event.type === "tokens" ? event.tokens : []));
const text = (tokens: readonly TokenDto[]) => tokens.map((t) => t.token).join("");

const PROMPT = "Once upon a time, there was a little girl named";
const GREEDY = { provider: "local", model: MODEL, temperature: 0, topP: 1, maxTokens: 12, topLogprobs: 5 };

/** The playground on the real small model (node-llama-cpp, in-process through the openai SDK), on both backends. */
const describeWithModel: typeof describeEachBackend = HAS_MODEL
  ? describeEachBackend
  : (name) => describe.skip(`${name} [skipped: no model at ${MODEL_PATH}; set LOUPE_TEST_MODEL]`, () => it("needs the model", () => {}));

describeWithModel("playground API on the local model", () => {
  useTestAccounts();
  let admin = "";
  const saved = { model: process.env.LOUPE_LOCAL_MODEL, providers: process.env.LOUPE_PROVIDERS };
  beforeAll(async () => {
    process.env.LOUPE_LOCAL_MODEL = MODEL_PATH;
    delete process.env.LOUPE_PROVIDERS;
    resetEnvCache();
    admin = (await setup(send("/api/auth/setup", "", { email: "root@example.com", name: "Root", password: "root password 1" }))).headers.get("set-cookie")?.split(";")[0] as string;
  });
  afterAll(() => {
    for (const [name, value] of [["LOUPE_LOCAL_MODEL", saved.model], ["LOUPE_PROVIDERS", saved.providers]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  });

  const run = async (body: Record<string, unknown>) => {
    const response = await postRun(send("/api/v1/playground/run", admin, body));
    expect(response.status, await response.clone().text()).toBe(200);
    return lines<RunEvent>(response);
  };

  it("offers the local model", async () => {
    const { providers } = await (await getProviders(get("/api/v1/playground/providers", admin))).json();
    expect(providers[0]).toMatchObject({ id: "local", kind: "local", models: [MODEL], limits: { promptLogprobs: true } });
  });

  it("streams a completion's tokens with alternatives and the prompt's own tokens", async () => {
    const events = await run({ ...GREEDY, mode: "completion", prompt: PROMPT });
    const tokens = tokensOf(events);
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.length).toBeLessThanOrEqual(12);
    // Streamed: tokens arrive in several events as the model produces them, not in one at the end.
    expect(events.filter((event) => event.type === "tokens").length).toBeGreaterThan(1);
    for (const token of tokens) {
      expect(token.top.length).toBe(5);
      // Greedy: the chosen token is the most probable alternative.
      expect(token.logprob).toBeCloseTo(Math.max(...token.top.map((alt) => alt.logprob as number)), 4);
    }
    const prompt = events.find((event) => event.type === "prompt");
    expect(prompt?.type === "prompt" && text(prompt.tokens).endsWith(PROMPT)).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: "done" });
  });

  it("a branch continues from the tokens before it plus the chosen alternative (completion prefill)", async () => {
    const root = tokensOf(await run({ ...GREEDY, mode: "completion", prompt: PROMPT }));
    const alternative = root[1]?.top.find((alt) => alt.token !== root[1]?.token)?.token as string;
    const prefill = (root[0]?.token ?? "") + alternative;
    const branched = tokensOf(await run({ ...GREEDY, mode: "completion", prompt: PROMPT, prefill }));
    // Greedy, so the branch is exactly the model's continuation of prompt + prefill.
    const direct = tokensOf(await run({ ...GREEDY, mode: "completion", prompt: PROMPT + prefill }));
    expect(text(branched)).toBe(text(direct));
    expect(branched.length).toBeGreaterThan(0);
  });

  it("a chat branch continues a trailing assistant message", async () => {
    const messages = [{ role: "user", content: "Tell me a story." }];
    const root = tokensOf(await run({ ...GREEDY, mode: "chat", messages }));
    expect(root.length).toBeGreaterThan(0);
    const alternative = root[0]?.top.find((alt) => alt.token !== root[0]?.token)?.token as string;
    const branched = tokensOf(await run({ ...GREEDY, mode: "chat", messages, prefill: alternative }));
    expect(branched.length).toBeGreaterThan(0);
    expect(text(branched)).not.toBe(text(root));
  });

  it("scores labels from one token's top-k, renormalized over the labels only", async () => {
    const first = tokensOf(await run({ ...GREEDY, mode: "completion", prompt: PROMPT, maxTokens: 1, topLogprobs: 5 }))[0] as TokenDto;
    const labels = [first.top[0]?.token.trim() as string, first.top[2]?.token.trim().toUpperCase() as string, "Zebra-not-a-token"];
    const response = await postLabels(send("/api/v1/playground/labels", admin, { ...GREEDY, mode: "completion", prompt: PROMPT, labels }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.topK).toBe(5); // the local model's legacy completions give at most 5
    expect(body.token.top).toHaveLength(5);
    const expected = labelProbabilities(labels, body.token.top);
    expect(body.labels).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(body.labels[0].probability).toBeGreaterThan(0);
    expect(body.labels[2]).toMatchObject({ inTopK: false, probability: null });
    expect(body.labels[0].probability + body.labels[1].probability).toBeCloseTo(1, 12);
  });

  it("draws N samples and measures their consistency", async () => {
    const response = await postSamples(send("/api/v1/playground/samples", admin, { ...GREEDY, temperature: 1, seed: 7, mode: "completion", prompt: PROMPT, n: 3 }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.samples).toHaveLength(3);
    const texts = body.samples.map((s: { text: string }) => s.text);
    expect(body.consistency).toBeCloseTo(sampleConsistency(texts).consistency as number, 12);
    expect(body.clusters.reduce((sum: number, c: { share: number }) => sum + c.share, 0)).toBeCloseTo(1, 12);
  });

  it("runs leave-one-out attribution with progress, ranked by |Δ|", async () => {
    const prompt = "Lily saw a big dog.";
    const response = text(tokensOf(await run({ ...GREEDY, mode: "completion", prompt, maxTokens: 6 })));
    const answer = await postAttribution(send("/api/v1/playground/attribution", admin, { ...GREEDY, prompt, response }));
    expect(answer.status).toBe(200);
    const events = await lines<AttributionEvent>(answer);
    const start = events[0] as Extract<AttributionEvent, { type: "start" }>;
    expect(start.type).toBe("start");
    const progress = events.filter((event) => event.type === "progress");
    expect(progress.map((event) => event.type === "progress" && event.done)).toEqual(Array.from({ length: start.total }, (_, i) => i + 1));
    const done = events.at(-1) as Extract<AttributionEvent, { type: "done" }>;
    expect(done.type).toBe("done");
    expect(done.ranked).toHaveLength(start.total);
    const magnitudes = done.ranked.map((entry) => Math.abs(entry.delta as number));
    expect(magnitudes).toEqual([...magnitudes].sort((a, b) => b - a));
    expect(done.ranked.some((entry) => entry.delta !== 0)).toBe(true);
    expect(start.baseline).toBeLessThan(0);
  });

  it("refuses attribution beyond 64 prompt tokens", async () => {
    const prompt = "Lily and Tom went to the park. ".repeat(12);
    const answer = await postAttribution(send("/api/v1/playground/attribution", admin, { ...GREEDY, prompt, response: " They" }));
    expect(answer.status).toBe(400);
    expect((await answer.json()).error).toMatchObject({ code: "prompt_too_long" });
  });

  it("a cancelled run stops, and the next run still answers", async () => {
    const controller = new AbortController();
    const response = await postRun(send("/api/v1/playground/run", admin, { ...GREEDY, maxTokens: 400, mode: "completion", prompt: PROMPT }, controller.signal));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    await reader.cancel();
    const next = tokensOf(await run({ ...GREEDY, mode: "completion", prompt: PROMPT, maxTokens: 3 }));
    expect(next.length).toBeGreaterThan(0);
  });

  it("saves a run with its prompt tokens, found through the API", async () => {
    const events = await run({ ...GREEDY, mode: "completion", prompt: PROMPT });
    const tokens = tokensOf(events);
    const prompt = events.find((event): event is Extract<RunEvent, { type: "prompt" }> => event.type === "prompt");
    const saved = await (await postSave(send("/api/v1/playground/save", admin, { ...GREEDY, mode: "completion", prompt: PROMPT, samples: [{ text: text(tokens), finishReason: "length", tokens }], promptTokens: prompt?.tokens }))).json();
    const detail = await (await getResponse(get(`/api/v1/responses/${saved.ids[0]}`, admin), { params: Promise.resolve({ id: String(saved.ids[0]) }) })).json();
    expect(detail).toMatchObject({ model: MODEL, provider: "local", prompt: PROMPT, tags: ["playground"], outputText: text(tokens) });
    expect(detail.promptTokens.map((t: { token: string }) => t.token)).toEqual(prompt?.tokens.map((t) => t.token));
  });
});
