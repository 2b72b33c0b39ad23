import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/config/env";
import { LOUPE_TEST_MODEL, NO_TEST_MODEL, testModelTitle } from "@/tests/sharedFixtures";
import { localOpenAIClient } from "./localClient";
import { evaluatePrompt } from "./localGenerate";
import { localModel } from "./localRuntime";

describe.skipIf(NO_TEST_MODEL)(testModelTitle("localOpenAIClient (in-process openai SDK client for the local models)"), () => {
  const saved = process.env.LOUPE_LOCAL_MODEL;
  beforeAll(() => {
    process.env.LOUPE_LOCAL_MODEL = JSON.stringify([
      { name: "stories", path: LOUPE_TEST_MODEL },
      { name: "stories-drifted", path: LOUPE_TEST_MODEL, tokenBias: { " Lily": -5 } },
    ]);
    resetEnvCache();
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.LOUPE_LOCAL_MODEL;
    else process.env.LOUPE_LOCAL_MODEL = saved;
    resetEnvCache();
  });

  it("lists the models and answers chat, streamed and not, without network or key", async () => {
    const client = localOpenAIClient();
    expect((await client.models.list()).data.map((model) => model.id)).toEqual(["stories", "stories-drifted"]);
    const params = { model: "stories", messages: [{ role: "user" as const, content: "Once upon a time" }], max_tokens: 10, temperature: 0, logprobs: true, top_logprobs: 2 };
    const whole = await client.chat.completions.create(params);
    expect(whole.choices[0]!.logprobs!.content).toHaveLength(10);
    let text = "";
    for await (const chunk of await client.chat.completions.create({ ...params, stream: true })) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe(whole.choices[0]!.message.content);
    await expect(client.chat.completions.create({ ...params, top_logprobs: 30 })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it("applies a model's tokenBias as an additive logit bias, to sampling and to the reported logprobs", async () => {
    const client = localOpenAIClient();
    // Greedy from this prompt names "Lily" next; the drifted copy of the same file must not.
    const prompt = "Once upon a time, there was a little girl named";
    const plain = await client.completions.create({ model: "stories", prompt, max_tokens: 1, temperature: 0, logprobs: 5 });
    expect(plain.choices[0]!.text).toBe(" Lily");
    const plainLily = plain.choices[0]!.logprobs!.token_logprobs![0] as number;
    const drifted = await client.completions.create({ model: "stories-drifted", prompt, max_tokens: 1, temperature: 0, logprobs: 5 });
    expect(drifted.choices[0]!.text).not.toBe(" Lily");
    const driftedLily = drifted.choices[0]!.logprobs!.top_logprobs![0]![" Lily"];
    // Bias -5 on a token of probability p gives p·e⁻⁵ / (1 − p + p·e⁻⁵).
    const p = Math.exp(plainLily);
    const expected = Math.log((p * Math.exp(-5)) / (1 - p + p * Math.exp(-5)));
    // Still among the 5 alternatives reported: the bias moved it down, not out.
    expect(driftedLily).toBeDefined();
    expect(driftedLily).toBeCloseTo(expected, 6);
  });

  it("gives each token's raw bytes, also for byte tokens holding part of a character", async () => {
    const loaded = await localModel("stories")!;
    const prompt = "café ☕";
    const tokens = loaded.model.tokenize(prompt, false);
    const { promptTokens } = await evaluatePrompt(loaded, tokens, 1);
    const partial = promptTokens!.filter((token) => token.bytes.length === 1 && token.bytes[0]! >= 0x80);
    // The tiny vocabulary has "é" but no "☕": its three UTF-8 bytes arrive as three byte tokens.
    expect(partial.map((token) => token.bytes[0])).toEqual([0xe2, 0x98, 0x95]);
    expect(partial.every((token) => token.text === "\uFFFD")).toBe(true);
    const bytes = promptTokens!.flatMap((token) => token.bytes);
    // SentencePiece reads the prompt with a leading space (its "dummy prefix").
    expect(Buffer.from(bytes).toString("utf8")).toBe(` ${prompt}`);
  });
});
