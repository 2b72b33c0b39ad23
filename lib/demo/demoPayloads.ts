/**
 * Demo data: provider-shaped payloads (OpenAI chat, vLLM, Ollama, llama.cpp) with realistic
 * spread, fed through the real ingestion path on first start. Deterministic (seeded PRNG) so
 * screenshots and tests see the same data every time.
 */

const WORDS = (
  "the a model answer is was of to and in that it for on with as by this be are from at or an " +
  "report customer order refund invoice account policy shipping delivery product support ticket " +
  "summary revenue quarter growth margin risk contract clause data table value result error " +
  "Paris London Tokyo 2023 2024 42 17 yes no positive negative neutral because however therefore"
).split(" ");
const TOPICS = ["billing", "shipping", "returns", "account", "product"];

export interface DemoModel {
  name: string;
  kind: "openai" | "vllm" | "ollama" | "llamacpp";
  /** Typical logprob of a confident token; lower is less sure. */
  baseConfidence: number;
  share: number;
}

export const DEMO_MODELS: DemoModel[] = [
  { name: "gpt-4o-mini", kind: "openai", baseConfidence: 3.2, share: 0.4 },
  { name: "llama-3.1-8b-instruct", kind: "vllm", baseConfidence: 2.4, share: 0.25 },
  { name: "qwen2.5:7b", kind: "ollama", baseConfidence: 2.0, share: 0.2 },
  { name: "mistral-7b-instruct.Q4_K_M.gguf", kind: "llamacpp", baseConfidence: 1.6, share: 0.15 },
];

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface DemoToken {
  token: string;
  logprob: number;
  top: Array<{ token: string; logprob: number }>;
}

type Profile = "confident" | "uncertain" | "degenerate";

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Draws a token distribution: the chosen token's probability from a logistic-normal (mean
 * logit `logitMean`), and four alternatives sharing the rest of the mass.
 */
function demoToken(random: () => number, word: string, logitMean: number, logitSd: number, surprise: boolean): DemoToken {
  const token = (random() < 0.85 ? " " : "") + word;
  let chosenProb = 1 / (1 + Math.exp(-(logitMean + gaussian(random) * logitSd)));
  if (surprise) chosenProb = 0.0005 + random() * 0.002; // an unlikely token: a sudden drop
  chosenProb = Math.min(Math.max(chosenProb, 1e-6), 0.999999);
  const others = new Set<string>([token]);
  const alternatives: Array<{ token: string; logprob: number }> = [];
  let remaining = 1 - chosenProb;
  while (alternatives.length < 4) {
    const alt = " " + pick(random, WORDS);
    if (others.has(alt)) continue;
    others.add(alt);
    const share = remaining * (surprise && alternatives.length === 0 ? 0.95 : 0.3 + random() * 0.5);
    remaining -= share;
    alternatives.push({ token: alt, logprob: Math.log(Math.max(share, 1e-12)) });
  }
  const logprob = Math.log(chosenProb);
  const top = [{ token, logprob }, ...alternatives].sort((a, b) => b.logprob - a.logprob).slice(0, 5);
  return { token, logprob, top };
}

const utf8 = (text: string) => Array.from(Buffer.from(text, "utf8"));

function providerPayload(model: DemoModel, id: string, createdSec: number, tokens: DemoToken[]): unknown {
  const text = tokens.map((t) => t.token).join("");
  const finish = tokens.length >= 380 ? "length" : "stop";
  switch (model.kind) {
    case "openai":
    case "vllm":
      return {
        id: model.kind === "openai" ? `chatcmpl-${id}` : `chatcmpl-vllm-${id}`,
        object: "chat.completion",
        created: createdSec,
        model: model.name,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: text },
            finish_reason: finish,
            ...(model.kind === "vllm" && { stop_reason: null }),
            logprobs: {
              content: tokens.map((t) => ({
                token: t.token,
                logprob: t.logprob,
                bytes: utf8(t.token),
                top_logprobs: t.top.map((a) => ({ token: a.token, logprob: a.logprob, bytes: utf8(a.token) })),
              })),
            },
          },
        ],
        usage: { prompt_tokens: 40, completion_tokens: tokens.length, total_tokens: 40 + tokens.length },
      };
    case "ollama":
      return {
        model: model.name,
        created_at: new Date(createdSec * 1000).toISOString(),
        message: { role: "assistant", content: text },
        done: true,
        done_reason: finish,
        logprobs: tokens.map((t) => ({
          token: t.token,
          logprob: t.logprob,
          bytes: utf8(t.token),
          top_logprobs: t.top.map((a) => ({ token: a.token, logprob: a.logprob, bytes: utf8(a.token) })),
        })),
      };
    case "llamacpp":
      return {
        content: text,
        model: model.name,
        stop: true,
        stop_type: finish === "length" ? "limit" : "eos",
        completion_probabilities: tokens.map((t, i) => ({
          id: 1000 + i,
          token: t.token,
          bytes: utf8(t.token),
          logprob: t.logprob,
          top_logprobs: t.top.map((a, j) => ({ id: 2000 + j, token: a.token, bytes: utf8(a.token), logprob: a.logprob })),
        })),
      };
  }
}

export interface DemoRecordOptions {
  count: number;
  now: number;
  days: number;
  seed?: number;
}

/** Envelope records for ingestRecords, oldest first. */
export function demoRecords({ count, now, days, seed = 20261123 }: DemoRecordOptions): unknown[] {
  const random = mulberry32(seed);
  const span = days * 24 * 3_600_000;
  const records: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const occurredAt = now - span + Math.floor(((i + random()) / count) * span);
    let roll = random();
    const model = DEMO_MODELS.find((m) => (roll -= m.share) < 0) ?? (DEMO_MODELS[0] as DemoModel);
    // Drift: the vLLM model loses confidence over the last three days.
    const drift = model.kind === "vllm" && now - occurredAt < 3 * 86_400_000 ? 1.1 : 0;
    const profileRoll = random();
    const profile: Profile = profileRoll < 0.03 ? "degenerate" : profileRoll < 0.2 ? "uncertain" : "confident";
    const length = profile === "degenerate" ? 200 + Math.floor(random() * 200) : 8 + Math.floor(Math.pow(random(), 2) * 300);
    // Confident answers sit near p=0.95; uncertain ones spread widely around p=0.4; a degenerate
    // response falls into a repetition loop that grows more and more certain.
    const logitMean = profile === "confident" ? model.baseConfidence - drift : profile === "uncertain" ? -0.4 - drift : 1;
    const logitSd = profile === "uncertain" ? 2.2 : 1.3;
    const surpriseAt = profile !== "uncertain" && random() < 0.07 ? Math.floor(random() * length) : -1;
    const loop = Array.from({ length: 3 + Math.floor(random() * 4) }, () => pick(random, WORDS));
    const tokens: DemoToken[] = [];
    for (let t = 0; t < length; t++) {
      const inLoop = profile === "degenerate" && t > 20;
      const word = inLoop ? (loop[t % loop.length] as string) : pick(random, WORDS);
      const mean = inLoop ? logitMean + (t - 20) / 25 : logitMean;
      tokens.push(demoToken(random, word, mean, logitSd, t === surpriseAt));
    }
    const topic = pick(random, TOPICS);
    const id = `demo-${seed}-${i}`;
    records.push({
      id,
      timestamp: new Date(occurredAt).toISOString(),
      model: model.name,
      request: {
        messages: [
          { role: "system", content: "You are a helpful support assistant." },
          { role: "user", content: `Question about ${topic} #${i}` },
        ],
        params: { temperature: profile === "confident" ? 0.2 : 0.9, max_tokens: 400, logprobs: true, top_logprobs: 5 },
      },
      tags: [topic, random() < 0.5 ? "chat" : "rag"],
      metadata: { demo: true, profile },
      response: providerPayload(model, id, Math.floor(occurredAt / 1000), tokens),
    });
  }
  return records;
}
