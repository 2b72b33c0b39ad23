import type { ProviderLimits } from "@/lib/providers/limits";

/**
 * What the logging proxy adds to a request and takes out of the answer (README, "Logging
 * proxy"): when the caller did not ask for logprobs, it asks for them (the project's
 * top_logprobs, within the provider's limit) and removes them from what the caller receives,
 * so the caller sees the answer it would have had without Loupe in between.
 */
export type ProxyEndpoint = "chat" | "completions";

type Body = Record<string, unknown>;

/** Chat: `logprobs: true`; legacy completions: an integer `logprobs` (0 counts: it returns the chosen token's). */
export function callerAskedLogprobs(endpoint: ProxyEndpoint, body: Body): boolean {
  return endpoint === "chat" ? body.logprobs === true : typeof body.logprobs === "number";
}

/** The upstream request: the caller's, plus logprobs when the caller did not ask. */
export function withLogprobs(endpoint: ProxyEndpoint, body: Body, topLogprobs: number, limits: ProviderLimits): Body {
  if (callerAskedLogprobs(endpoint, body)) return body;
  if (endpoint === "chat") return { ...body, logprobs: true, top_logprobs: Math.min(topLogprobs, limits.maxTopLogprobs) };
  return { ...body, logprobs: Math.min(topLogprobs, limits.maxCompletionLogprobs ?? limits.maxTopLogprobs) };
}

/** Sets every choice's logprobs to null, as the provider answers when none were asked (a completion or a stream chunk; in place). */
export function stripLogprobs<T>(payload: T): T {
  const choices = (payload as { choices?: unknown }).choices;
  if (Array.isArray(choices)) {
    for (const choice of choices) if (choice && typeof choice === "object" && "logprobs" in choice) (choice as Body).logprobs = null;
  }
  return payload;
}

interface LegacyLogprobs {
  tokens: string[];
  token_logprobs: Array<number | null>;
  top_logprobs: Array<Record<string, number> | null> | null;
  text_offset: number[];
}

interface LegacyChoice {
  index: number;
  text: string;
  logprobs: LegacyLogprobs | null;
  finish_reason: string | null;
}

/**
 * Streamed legacy completion chunks -> the one `text_completion` they make up: per choice, the
 * text and the logprob arrays concatenated in arrival order, the last finish_reason.
 */
export function assembleCompletionStream(chunks: readonly Body[]): Body {
  const first = chunks.find((chunk) => typeof chunk.id === "string") ?? chunks[0] ?? {};
  const byIndex = new Map<number, LegacyChoice>();
  let usage: unknown = null;
  for (const chunk of chunks) {
    if (chunk.usage) usage = chunk.usage;
    if (!Array.isArray(chunk.choices)) continue;
    for (const raw of chunk.choices as Body[]) {
      const index = typeof raw.index === "number" ? raw.index : 0;
      const choice = byIndex.get(index) ?? { index, text: "", logprobs: null, finish_reason: null };
      byIndex.set(index, choice);
      if (typeof raw.text === "string") choice.text += raw.text;
      if (typeof raw.finish_reason === "string") choice.finish_reason = raw.finish_reason;
      const part = raw.logprobs as Partial<LegacyLogprobs> | null | undefined;
      if (part && Array.isArray(part.tokens)) {
        choice.logprobs ??= { tokens: [], token_logprobs: [], top_logprobs: [], text_offset: [] };
        choice.logprobs.tokens.push(...part.tokens);
        choice.logprobs.token_logprobs.push(...(part.token_logprobs ?? []));
        if (Array.isArray(part.top_logprobs)) choice.logprobs.top_logprobs?.push(...part.top_logprobs);
        else choice.logprobs.top_logprobs = null;
        choice.logprobs.text_offset.push(...(part.text_offset ?? []));
      }
    }
  }
  return {
    id: first.id,
    object: "text_completion",
    created: first.created,
    model: first.model,
    choices: [...byIndex.values()].sort((a, b) => a.index - b.index),
    ...(usage ? { usage } : {}),
  };
}
