/**
 * What `scripts/generate-demo.ts` asks the local model for: a few hundred children's-story
 * prompts (the small demo model writes TinyStories) at several temperatures, top_logprobs
 * settings and lengths, through chat and legacy completions (some with echo, so prompt tokens
 * carry logprobs). Deterministic, so the committed demo file can be regenerated identically.
 */
export interface DemoRequestPlan {
  /** Where in the demo's 14 days this response happened, as a fraction of the span (0 oldest). */
  at: number;
  endpoint: "chat" | "completions";
  tags: string[];
  body: Record<string, unknown>;
}

const NAMES = ["Lily", "Ben", "Tom", "Sue", "Mia", "Max", "Anna", "Sam", "Tim", "Lucy"];
const OPENINGS = [
  "Once upon a time, there was a little girl named {name}.",
  "One day, {name} went to the park with",
  "{name} had a big red ball. Every day,",
  "{name} was very sad because",
  "The sun was shining and {name} wanted to",
  "{name} and Mom went to the store to buy",
  "In a small house near the woods lived a cat. {name}",
  "{name} found a shiny stone in the garden.",
  "It was a cold and rainy day. {name}",
  "{name} loved to paint pictures of",
  "There was a little bird who could not fly. {name}",
  "{name} wanted to bake a cake for",
];
const TEMPERATURES = [0, 0.5, 0.8, 1, 1.3];
const TOP_LOGPROBS = [1, 3, 5, 5, 10];
const MAX_TOKENS = [24, 32, 48, 64];

export function demoRequestPlan(count = 300): DemoRequestPlan[] {
  const plans: DemoRequestPlan[] = [];
  for (let i = 0; i < count; i++) {
    const name = NAMES[i % NAMES.length] as string;
    const opening = (OPENINGS[Math.floor(i / NAMES.length) % OPENINGS.length] as string).replaceAll("{name}", name);
    const temperature = TEMPERATURES[i % TEMPERATURES.length] as number;
    const maxTokens = MAX_TOKENS[(i * 7) % MAX_TOKENS.length] as number;
    const at = (i + 0.5) / count;
    const sampling = { model: "stories260K", temperature, max_tokens: maxTokens, seed: 1000 + i };
    if (i % 4 === 3) {
      // Legacy completions, half of them echoing the prompt with its logprobs.
      plans.push({
        at,
        endpoint: "completions",
        tags: ["completion", `t=${temperature}`],
        body: { ...sampling, prompt: opening, logprobs: 1 + (i % 5), echo: i % 8 === 3 },
      });
    } else {
      plans.push({
        at,
        endpoint: "chat",
        tags: ["chat", `t=${temperature}`],
        body: {
          ...sampling,
          messages: [
            { role: "system", content: "You tell short stories for children." },
            { role: "user", content: opening },
          ],
          logprobs: true,
          top_logprobs: TOP_LOGPROBS[Math.floor(i / 5) % TOP_LOGPROBS.length],
        },
      });
    }
  }
  return plans;
}
