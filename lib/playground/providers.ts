import type OpenAI from "openai";
import { ApiError } from "@/lib/api/errors";

/** The contract's provider description (issue 9): never carries a key. */
export interface ProviderInfo {
  id: string;
  label: string;
  kind: "local" | "openai-compatible";
  baseURL?: string;
  models: string[];
  limits: { maxTopLogprobs: number; promptLogprobs: boolean; completions: boolean };
  source: "builtin" | "env" | "settings";
}

/**
 * The playground's one way to a provider. Every call goes through here, so switching to the
 * providers module's `openAIClientFor` is a one-line change.
 */
export async function playgroundProviders(): Promise<ProviderInfo[]> {
  return [];
}

export async function playgroundClient(providerId: string): Promise<{ client: OpenAI; provider: ProviderInfo }> {
  throw new ApiError(404, "unknown_provider", `no provider "${providerId}" is configured`);
}
