import { afterAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/config/env";
import { localOpenAIClient } from "@/lib/llm/localClient";
import { parsePayload } from "@/lib/logprobs";
import { LOUPE_TEST_MODEL, NO_TEST_MODEL, testModelTitle } from "@/tests/sharedFixtures";
import generations from "./demoGenerations.json";
import { compactGeneration, demoTrafficClock, expandGeneration, realDemoRecords, type DemoGenerationsFile } from "./realDemo";
import { demoRequestPlan } from "./realDemoPlan";

const file = generations as unknown as DemoGenerationsFile;

describe("real demo generations (lib/demo/demoGenerations.json)", () => {
  it("holds 1,200 generations of the named model: 300 prompts, 4 runs each, several temperatures and top_logprobs", () => {
    expect(file.model).toBe("stories260K");
    expect(file.items).toHaveLength(1200);
    expect(file.items.map((item) => item.request)).toEqual(demoRequestPlan().map((plan) => plan.body));
    const prompts = new Map<string, number>();
    for (const item of file.items) {
      const messages = item.request.messages as { content: string }[] | undefined;
      const prompt = messages ? messages[1]!.content : (item.request.prompt as string);
      prompts.set(prompt, (prompts.get(prompt) ?? 0) + 1);
    }
    expect(prompts.size).toBe(300);
    expect(new Set(prompts.values())).toEqual(new Set([4]));
    // Real sampling: runs of one prompt above temperature 0 differ.
    expect(new Set(file.items.map((item) => item.choices[0]!.text)).size).toBeGreaterThan(1000);
    for (const tag of ["chat", "completion", "echo", "t=0", "t=1.3", "animals", "food"]) {
      expect(file.items.filter((item) => item.tags.includes(tag)).length, tag).toBeGreaterThan(50);
    }
    expect(new Set(file.items.map((item) => item.request.temperature)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(file.items.map((item) => item.request.top_logprobs ?? item.request.logprobs)).size).toBeGreaterThanOrEqual(4);
    expect(file.items.some((item) => item.echoed > 0)).toBe(true);
  });

  it("expands back into payloads Loupe's own parsers read, token for token", () => {
    for (const [index, item] of file.items.entries()) {
      const parsed = parsePayload(expandGeneration(file.model, item, `x${index}`, 1_700_000_000));
      const choice = item.choices[0]!;
      expect(parsed.model).toBe("stories260K");
      expect(parsed.samples[0]!.tokens.map((token) => [token.token, token.logprob])).toEqual(
        choice.tokens.slice(item.echoed).map(([token, logprob]) => [token, logprob]),
      );
      expect(parsed.promptTokens?.length ?? 0).toBe(item.echoed);
      // A round trip through the compact form changes nothing.
      expect(compactGeneration(item, expandGeneration(file.model, item, "y", 1))).toEqual(item);
    }
  });

  it("spreads the records over the last 14 days, oldest first, labelled as demo data", () => {
    const now = Date.UTC(2026, 10, 20);
    const records = realDemoRecords(file, now, 14) as { timestamp: string; tags: string[]; metadata: { demo: boolean } }[];
    const times = records.map((record) => Date.parse(record.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(now - 14 * 86_400_000);
    expect(Math.max(...times)).toBeLessThan(now);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(13 * 86_400_000);
    expect(records.every((record) => record.metadata.demo && record.tags.includes("demo"))).toBe(true);
  });

  it("follows a daily rhythm: busy working afternoons, quiet nights and weekends (UTC)", () => {
    const now = Date.UTC(2026, 10, 20, 12); // a Friday noon: the 14 days hold two full weekends
    const times = (realDemoRecords(file, now, 14) as { timestamp: string }[]).map((record) => new Date(record.timestamp));
    const weekday = times.filter((time) => time.getUTCDay() !== 0 && time.getUTCDay() !== 6);
    const inHours = (from: number, to: number) => weekday.filter((time) => time.getUTCHours() >= from && time.getUTCHours() < to).length;
    expect(inHours(12, 18)).toBeGreaterThan(8 * inHours(0, 6));
    expect(inHours(0, 6)).toBeGreaterThan(0);
    // Per day, a weekend day sees about half a weekday's traffic.
    const weekendDays = 4, weekdays = 10;
    const weekendShare = (times.length - weekday.length) / weekendDays / (weekday.length / weekdays);
    expect(weekendShare).toBeGreaterThan(0.35);
    expect(weekendShare).toBeLessThan(0.65);
    // Evenly spaced quantiles map to increasing times.
    const clock = demoTrafficClock(now, 14);
    expect(clock(0)).toBe(now - 14 * 86_400_000);
    expect(clock(0.25)).toBeLessThan(clock(0.5));
    expect(clock(1)).toBeLessThan(now);
  });
});

describe.skipIf(NO_TEST_MODEL)(testModelTitle("demo generations are the model's real output"), () => {
  const saved = process.env.LOUPE_LOCAL_MODEL;
  afterAll(() => {
    if (saved === undefined) delete process.env.LOUPE_LOCAL_MODEL;
    else process.env.LOUPE_LOCAL_MODEL = saved;
    resetEnvCache();
  });

  it("regenerating the first plans with the local model gives the committed items", async () => {
    process.env.LOUPE_LOCAL_MODEL = JSON.stringify([{ name: "stories260K", path: LOUPE_TEST_MODEL }]);
    resetEnvCache();
    const client = localOpenAIClient();
    for (const [index, plan] of demoRequestPlan().slice(0, 8).entries()) {
      const response = plan.endpoint === "chat" ? await client.chat.completions.create(plan.body as never) : await client.completions.create(plan.body as never);
      const regenerated = compactGeneration({ at: plan.at, endpoint: plan.endpoint, tags: plan.tags, request: plan.body }, response as unknown as Record<string, unknown>);
      expect(regenerated).toEqual(file.items[index]);
    }
  });
});
