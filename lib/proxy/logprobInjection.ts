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

export { assembleCompletionStream } from "@/lib/logprobs/completionStream";
