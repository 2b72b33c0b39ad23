import type OpenAI from "openai";
import { assertWithinLimits, type LimitedParams } from "@/lib/providers/limits";
import { listProviders, openAIClientFor, type ProviderInfo } from "@/lib/providers/registry";
import { providerTimeoutMs } from "./providerErrors";

export type { ProviderInfo };

/**
 * A provider as the playground's page and API show it to any member: what to pick and its limits.
 * No base URL, preset or key state (those are for instance admins: GET /api/v1/providers).
 */
export type PlaygroundProvider = Pick<ProviderInfo, "id" | "label" | "kind" | "models" | "limits" | "source">;

/** The providers the playground offers, without base URLs and never a key. */
export async function playgroundProviders(): Promise<PlaygroundProvider[]> {
  return (await listProviders()).map(({ id, label, kind, models, limits, source }) => ({ id, label, kind, models, limits, source }));
}

/**
 * The playground's one way to a provider: the providers module's official `openai` SDK client
 * (`local` runs in-process), with the playground's timeout and no retries, so a slow or failing
 * provider is reported at once instead of retried behind the user's back.
 */
export function playgroundClient(providerId: string): Promise<{ client: OpenAI; provider: ProviderInfo }> {
  return openAIClientFor(providerId, { timeoutMs: providerTimeoutMs(), maxRetries: 0 });
}

/** A 400 naming the provider's limit before any upstream call (never a silent cap). */
export function checkLimits(provider: ProviderInfo, params: LimitedParams): void {
  assertWithinLimits(provider, params);
}

/** Alternatives per token the provider gives on this endpoint (legacy completions may allow fewer). */
export function maxAlternatives(provider: Pick<ProviderInfo, "limits">, endpoint: "chat" | "completions"): number {
  return endpoint === "completions" ? (provider.limits.maxCompletionLogprobs ?? provider.limits.maxTopLogprobs) : provider.limits.maxTopLogprobs;
}
