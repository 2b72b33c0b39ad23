import fs from "node:fs";
import path from "node:path";
import { resetEnvCache } from "@/lib/config/env";
import { compactGeneration, type DemoGenerationsFile } from "@/lib/demo/realDemo";
import { demoRequestPlan } from "@/lib/demo/realDemoPlan";
import { localOpenAIClient } from "@/lib/llm/localClient";

/**
 * `npx tsx scripts/generate-demo.ts [model.gguf]`: runs the local model (default: the shared
 * stories260K.gguf, or LOUPE_TEST_MODEL) over the demo plan through Loupe's own OpenAI-compatible
 * handlers and writes lib/demo/demoGenerations.json: real generations, the project's own output.
 * Stored compact (lib/demo/realDemo.ts): token text, logprob rounded to 3 decimals, alternatives;
 * `bytes` are dropped (the stories are plain ASCII) to keep the committed file small.
 */
const modelPath = process.argv[2] ?? process.env.LOUPE_TEST_MODEL ?? path.resolve(__dirname, "..", "..", "shared", "models", "stories260K.gguf");
const out = path.resolve(__dirname, "..", "lib", "demo", "demoGenerations.json");

async function main(): Promise<void> {
  if (!fs.existsSync(modelPath)) throw new Error(`no model at ${modelPath}: pass a GGUF path or set LOUPE_TEST_MODEL`);
  process.env.LOUPE_LOCAL_MODEL = JSON.stringify([{ name: "stories260K", path: modelPath }]);
  resetEnvCache();
  const client = localOpenAIClient();
  const items = [];
  const started = Date.now();
  for (const plan of demoRequestPlan()) {
    const response =
      plan.endpoint === "chat"
        ? await client.chat.completions.create(plan.body as never)
        : await client.completions.create(plan.body as never);
    items.push(compactGeneration({ at: plan.at, endpoint: plan.endpoint, tags: plan.tags, request: plan.body }, response as unknown as Record<string, unknown>));
  }
  const file: DemoGenerationsFile = {
    description: "Real generations of stories260K (a 260K-parameter TinyStories model) written by scripts/generate-demo.ts; Loupe's demo data.",
    model: "stories260K",
    items,
  };
  fs.writeFileSync(out, JSON.stringify(file) + "\n");
  console.log(`wrote ${items.length} generations to ${out} (${(fs.statSync(out).size / 1024).toFixed(0)} kB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
