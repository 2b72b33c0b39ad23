import { seededRandom } from "@/lib/llm/seededRandom";

/**
 * What `scripts/generate-demo.ts` asks the local model for: 300 children's-story prompts (the
 * small demo model writes TinyStories; 10 names × 30 openings, each opening with a topic), each
 * run 4 times at different temperatures, top_logprobs settings and lengths, through chat and
 * legacy completions (some with echo, so prompt tokens carry logprobs): 1,200 real responses.
 * Deterministic (fixed seeds and order), so the committed demo file can be regenerated identically.
 */
export interface DemoRequestPlan {
  /** Where in the demo's traffic this response happened, as a quantile of the 14 days' requests (0 oldest). */
  at: number;
  endpoint: "chat" | "completions";
  tags: string[];
  body: Record<string, unknown>;
}

export const DEMO_MODEL = "stories260K";
export const DEMO_RUNS_PER_PROMPT = 4;

const NAMES = ["Lily", "Ben", "Tom", "Sue", "Mia", "Max", "Anna", "Sam", "Tim", "Lucy"];

/** Story openings by topic; the topic becomes a tag, so the explorer and overview can filter by it. */
export const DEMO_OPENINGS: ReadonlyArray<readonly [topic: string, opening: string]> = [
  ["family", "Once upon a time, there was a little girl named {name}."],
  ["park", "One day, {name} went to the park with"],
  ["toys", "{name} had a big red ball. Every day,"],
  ["feelings", "{name} was very sad because"],
  ["weather", "The sun was shining and {name} wanted to"],
  ["shopping", "{name} and Mom went to the store to buy"],
  ["animals", "In a small house near the woods lived a cat. {name}"],
  ["garden", "{name} found a shiny stone in the garden."],
  ["weather", "It was a cold and rainy day. {name}"],
  ["art", "{name} loved to paint pictures of"],
  ["animals", "There was a little bird who could not fly. {name}"],
  ["food", "{name} wanted to bake a cake for"],
  ["friends", "{name} and a friend played with blocks. They"],
  ["toys", "{name} had a toy car that was very fast."],
  ["feelings", "{name} was scared of the dark, so"],
  ["food", "Mom gave {name} an apple. {name}"],
  ["park", "At the park, {name} saw a big slide."],
  ["animals", "{name} had a dog named Spot. One day,"],
  ["friends", "{name} did not want to share the toys."],
  ["family", "Dad took {name} to see the sea."],
  ["garden", "{name} planted a small seed and"],
  ["art", "{name} made a hat out of paper."],
  ["feelings", "{name} felt happy when"],
  ["weather", "The wind was very strong. {name}"],
  ["shopping", "{name} saw a pretty dress in the shop."],
  ["friends", "{name} met a new friend at school."],
  ["animals", "A little fish lived in a big pond. {name}"],
  ["food", "{name} was hungry and wanted some soup."],
  ["family", "Grandma came to visit {name}."],
  ["toys", "{name} lost a favorite teddy bear."],
];

export const DEMO_TEMPERATURES = [0, 0.5, 0.8, 1, 1.3];
const CHAT_TOP_LOGPROBS = [2, 3, 5, 5, 10];
const MAX_TOKENS = [16, 24, 32, 40];
const SYSTEM = "You tell short stories for children.";

export function demoPrompts(): { topic: string; text: string }[] {
  return DEMO_OPENINGS.flatMap(([topic, opening]) => NAMES.map((name) => ({ topic, text: opening.replaceAll("{name}", name) })));
}

/** The generations in time order (a seeded shuffle, so each prompt's runs spread over the days). */
export function demoRequestPlan(): DemoRequestPlan[] {
  const prompts = demoPrompts();
  const runs = prompts.flatMap((prompt, p) => Array.from({ length: DEMO_RUNS_PER_PROMPT }, (_, r) => ({ prompt, p, r })));
  const random = seededRandom(20_261_123);
  for (let i = runs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [runs[i], runs[j]] = [runs[j]!, runs[i]!];
  }
  return runs.map(({ prompt, p, r }, i) => {
    // Each prompt's runs use different temperatures; the rest cycles independently.
    const temperature = DEMO_TEMPERATURES[(p + r) % DEMO_TEMPERATURES.length]!;
    const maxTokens = MAX_TOKENS[(p * 7 + r * 3) % MAX_TOKENS.length]!;
    const at = (i + 0.5) / runs.length;
    const sampling = { model: DEMO_MODEL, temperature, max_tokens: maxTokens, seed: 1000 + i };
    const tags = [`t=${temperature}`, prompt.topic];
    if ((p + r * 3) % 4 === 3) {
      // Legacy completions, half of them echoing the prompt with its logprobs.
      const echo = (Math.floor(p / NAMES.length) + r) % 2 === 0;
      return {
        at,
        endpoint: "completions",
        tags: ["completion", ...tags, ...(echo ? ["echo"] : [])],
        body: { ...sampling, prompt: prompt.text, logprobs: 1 + ((p + r) % 5), echo },
      };
    }
    return {
      at,
      endpoint: "chat",
      tags: ["chat", ...tags],
      body: {
        ...sampling,
        messages: [
          { role: "system", content: SYSTEM },
          { role: "user", content: prompt.text },
        ],
        logprobs: true,
        top_logprobs: CHAT_TOP_LOGPROBS[(p * 3 + r) % CHAT_TOP_LOGPROBS.length],
      },
    };
  });
}
