/**
 * The committed demo generations (lib/demo/demoGenerations.json, written by
 * scripts/generate-demo.ts from real runs of the local model) in a compact form, and their
 * expansion back into the OpenAI payloads the endpoint answered, as ingest envelope records
 * spread over the demo's days. Compact token: `[text, logprob, [[altText, altLogprob], ...]]`.
 */
export type CompactToken = [string, number | null, [string, number][]];

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
const round = (value: number) => Math.round(value * 1e4) / 1e4 || 0;

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
        tokens: content.map((token) => [token.token, round(token.logprob), token.top_logprobs.map((alt) => [alt.token, round(alt.logprob)] as [string, number])]),
      };
    }
    const logprobs = choice.logprobs as { tokens: string[]; token_logprobs: (number | null)[]; top_logprobs: (Record<string, number> | null)[] };
    return {
      text: choice.text as string,
      finish: choice.finish_reason as string,
      tokens: logprobs.tokens.map((text, i) => {
        const logprob = logprobs.token_logprobs[i] ?? null;
        const top = Object.entries(logprobs.top_logprobs[i] ?? {}).map(([alt, lp]) => [alt, round(lp)] as [string, number]);
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
          content: choice.tokens.map(([token, logprob, top]) => ({ token, logprob, top_logprobs: top.map(([alt, lp]) => ({ token: alt, logprob: lp })) })),
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
          top_logprobs: choice.tokens.map(([, logprob, top]) => (logprob === null ? null : Object.fromEntries(top))),
          text_offset: textOffset,
        },
      };
    }),
    usage,
  };
}

/** Envelope records (oldest first) for ingestRecords: each generation at its place in the last `days` days before `now`. */
export function realDemoRecords(file: DemoGenerationsFile, now: number, days: number): unknown[] {
  const span = days * 24 * 3_600_000;
  return file.items.map((generation, index) => {
    const occurredAt = now - span + Math.floor(generation.at * span);
    const id = `demo-real-${index}`;
    const { messages, prompt, ...params } = generation.request;
    return {
      id,
      timestamp: new Date(occurredAt).toISOString(),
      model: file.model,
      request: { ...(messages ? { messages } : { prompt }), params },
      tags: ["demo", ...generation.tags],
      metadata: { demo: true, generatedBy: "scripts/generate-demo.ts" },
      response: expandGeneration(file.model, generation, id, Math.floor(occurredAt / 1000)),
    };
  });
}
