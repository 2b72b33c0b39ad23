import { afterAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/config/env";
import { localOpenAIClient } from "@/lib/llm/localClient";
import { parsePayload } from "@/lib/logprobs";
import { LOUPE_TEST_MODEL, NO_TEST_MODEL, testModelTitle } from "@/tests/sharedFixtures";
import generations from "./demoGenerations.json";
import { compactGeneration, expandGeneration, realDemoRecords, type DemoGenerationsFile } from "./realDemo";
import { demoRequestPlan } from "./realDemoPlan";

const file = generations as unknown as DemoGenerationsFile;

describe("real demo generations (lib/demo/demoGenerations.json)", () => {
  it("holds a few hundred generations of the named model at several temperatures and top_logprobs", () => {
    expect(file.model).toBe("stories260K");
    expect(file.items).toHaveLength(300);
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
