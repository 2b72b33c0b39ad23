import { LOCAL_PROVIDER_ID } from "@/lib/providers/providerConfig";

/**
 * The committed demo generations (lib/demo/demoGenerations.json, written by
 * scripts/generate-demo.ts from real runs of the local model) in a compact form, and their
 * expansion back into the OpenAI payloads the endpoint answered, as ingest envelope records
 * spread over the demo's days. Compact token: `[text, logprob, [altText, altLogprob, altText, ...]]`
 * (alternatives flattened into one array: 1,200 generations fit in under 3 MB).
 */
export type CompactToken = [string, number | null, (string | number)[]];

/** A compact token's flat alternatives as `[text, logprob]` pairs. */
export function alternativePairs(flat: (string | number)[]): [string, number][] {
  const pairs: [string, number][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([String(flat[i]), Number(flat[i + 1])]);
  return pairs;
}

export interface CompactChoice {
  text: string;
  finish: string;
  tokens: CompactToken[];
}

export interface DemoGeneration {
  at: number;
  endpoint: "chat" | "completions";
  tags: string[];
  request: Record<string, unknown>;
  promptTokens: number;
  /** Legacy echo: how many of `tokens` are the prompt. */
  echoed: number;
  choices: CompactChoice[];
}

export interface DemoGenerationsFile {
  description: string;
  model: string;
  items: DemoGeneration[];
}

// `|| 0`: -0 would not survive JSON (it is written as 0).
// 3 decimals (0.1% of a probability) keep 1,200 generations under 3 MB.
const round = (value: number) => Math.round(value * 1e3) / 1e3 || 0;

/** A chat or legacy completion as the endpoint answered it → compact. */
export function compactGeneration(plan: Omit<DemoGeneration, "promptTokens" | "echoed" | "choices">, response: Record<string, unknown>): DemoGeneration {
  const usage = response.usage as { prompt_tokens: number };
  const rawChoices = response.choices as Record<string, unknown>[];
  const echo = plan.endpoint === "completions" && plan.request.echo === true;
  const choices = rawChoices.map((choice): CompactChoice => {
    if (plan.endpoint === "chat") {
      const content = (choice.logprobs as { content: { token: string; logprob: number; top_logprobs: { token: string; logprob: number }[] }[] }).content;
      return {
        text: (choice.message as { content: string }).content,
        finish: choice.finish_reason as string,
        tokens: content.map((token) => [token.token, round(token.logprob), token.top_logprobs.flatMap((alt) => [alt.token, round(alt.logprob)])]),
      };
    }
    const logprobs = choice.logprobs as { tokens: string[]; token_logprobs: (number | null)[]; top_logprobs: (Record<string, number> | null)[] };
    return {
      text: choice.text as string,
      finish: choice.finish_reason as string,
      tokens: logprobs.tokens.map((text, i) => {
        const logprob = logprobs.token_logprobs[i] ?? null;
        const top = Object.entries(logprobs.top_logprobs[i] ?? {}).flatMap(([alt, lp]) => [alt, round(lp)]);
        return [text, logprob === null ? null : round(logprob), top];
      }),
    };
  });
  return { ...plan, promptTokens: usage.prompt_tokens, echoed: echo ? usage.prompt_tokens : 0, choices };
}

/** Compact → the OpenAI payload again (chat.completion or text_completion). */
export function expandGeneration(model: string, generation: DemoGeneration, id: string, createdSec: number): Record<string, unknown> {
  const completionTokens = generation.choices.reduce((sum, choice) => sum + choice.tokens.length - generation.echoed, 0);
  const usage = { prompt_tokens: generation.promptTokens, completion_tokens: completionTokens, total_tokens: generation.promptTokens + completionTokens };
  if (generation.endpoint === "chat") {
    return {
      id: `chatcmpl-${id}`,
      object: "chat.completion",
      created: createdSec,
      model,
      choices: generation.choices.map((choice, index) => ({
        index,
        message: { role: "assistant", content: choice.text },
        finish_reason: choice.finish,
        logprobs: {
          content: choice.tokens.map(([token, logprob, top]) => ({ token, logprob, top_logprobs: alternativePairs(top).map(([alt, lp]) => ({ token: alt, logprob: lp })) })),
        },
      })),
      usage,
    };
  }
  return {
    id: `cmpl-${id}`,
    object: "text_completion",
    created: createdSec,
    model,
    choices: generation.choices.map((choice, index) => {
      let offset = 0;
      const textOffset = choice.tokens.map(([token]) => {
        const at = offset;
        offset += token.length;
        return at;
      });
      return {
        index,
        text: choice.text,
        finish_reason: choice.finish,
        logprobs: {
          tokens: choice.tokens.map(([token]) => token),
          token_logprobs: choice.tokens.map(([, logprob]) => logprob),
          top_logprobs: choice.tokens.map(([, logprob, top]) => (logprob === null ? null : Object.fromEntries(alternativePairs(top)))),
          text_offset: textOffset,
        },
      };
    }),
    usage,
  };
}

const HOUR = 3_600_000;

/**
 * Relative request rate of the demo's traffic in the hour starting at `hourStart` (UTC): quiet
 * at night, a working-day peak in the afternoon, about half as busy at weekends.
 */
export function demoTrafficWeight(hourStart: number): number {
  const date = new Date(hourStart);
  const hour = date.getUTCHours() + 0.5;
  const day = Math.max(0, Math.sin((Math.PI * (hour - 6)) / 17)) ** 1.5; // 06:00–23:00, peak ≈ 14:30
  const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6 ? 0.5 : 1;
  return weekend * (0.08 + day);
}

/**
 * Maps a quantile `at` (0..1) of the traffic in the `days` before `now` to its time: the inverse
 * of the cumulative traffic curve, so evenly spaced quantiles follow the daily rhythm.
 */
export function demoTrafficClock(now: number, days: number): (at: number) => number {
  const start = now - days * 24 * HOUR;
  const weights = Array.from({ length: days * 24 }, (_, hour) => demoTrafficWeight(start + hour * HOUR));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return (at) => {
    let remaining = Math.min(Math.max(at, 0), 1) * total;
    for (const [hour, weight] of weights.entries()) {
      if (remaining < weight) return start + Math.floor((hour + remaining / weight) * HOUR);
      remaining -= weight;
    }
    return now - 1;
  };
}

/** Envelope records (oldest first) for ingestRecords: each generation at its place in the last `days` days' traffic before `now`. */
export function realDemoRecords(file: DemoGenerationsFile, now: number, days: number): unknown[] {
  const timeOf = demoTrafficClock(now, days);
  return file.items.map((generation, index) => {
    const occurredAt = timeOf(generation.at);
    const id = `demo-real-${index}`;
    const { messages, prompt, ...params } = generation.request;
    return {
      id,
      timestamp: new Date(occurredAt).toISOString(),
      model: file.model,
      // Generated through the built-in local model (node-llama-cpp), the proxy's provider `local`.
      provider: LOCAL_PROVIDER_ID,
      request: { ...(messages ? { messages } : { prompt }), params },
      tags: ["demo", ...generation.tags],
      metadata: { demo: true, generatedBy: "scripts/generate-demo.ts" },
      response: expandGeneration(file.model, generation, id, Math.floor(occurredAt / 1000)),
    };
  });
}
