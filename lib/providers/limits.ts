import { ApiError } from "@/lib/api/errors";

/**
 * What each kind of OpenAI-compatible server documents about logprobs (README, "Providers",
 * limits table). A provider's own `limits` override its preset's, field by field.
 */
export const PROVIDER_PRESETS = ["openai", "vllm", "together", "llamacpp", "ollama", "lmstudio", "generic"] as const;
export type ProviderPreset = (typeof PROVIDER_PRESETS)[number];

export interface ProviderLimits {
  /** Highest `top_logprobs` (chat) the provider accepts. */
  maxTopLogprobs: number;
  /** Whether it returns logprobs of the prompt's tokens (vLLM `prompt_logprobs`, or legacy `echo` + `logprobs`). */
  promptLogprobs: boolean;
  /** Whether it serves the legacy `/completions` endpoint. */
  completions: boolean;
  /** Highest integer `logprobs` on legacy `/completions`, when it differs from maxTopLogprobs (OpenAI: 5). */
  maxCompletionLogprobs?: number;
}

export const PRESET_LIMITS: Record<ProviderPreset | "local", ProviderLimits> = {
  // top_logprobs 0-20 on chat; no prompt logprobs; /completions only for gpt-3.5-turbo-instruct,
  // davinci-002 and babbage-002, with `logprobs` at most 5.
  openai: { maxTopLogprobs: 20, promptLogprobs: false, completions: true, maxCompletionLogprobs: 5 },
  // `--max-logprobs` (default 20) bounds both; `prompt_logprobs` is vLLM's own parameter.
  vllm: { maxTopLogprobs: 20, promptLogprobs: true, completions: true },
  // Together's API: logprobs 0-20; `echo` with logprobs returns the prompt's logprobs.
  together: { maxTopLogprobs: 20, promptLogprobs: true, completions: true },
  // llama-server's OpenAI API maps top_logprobs to n_probs; no prompt logprobs.
  llamacpp: { maxTopLogprobs: 20, promptLogprobs: false, completions: true },
  // Ollama's /v1 layer passes logprobs/top_logprobs (0-20) to its runner since v0.12.11.
  ollama: { maxTopLogprobs: 20, promptLogprobs: false, completions: true },
  // LM Studio accepts `logprobs` but returns none (lmstudio-ai/lms#60): ask for nothing more.
  lmstudio: { maxTopLogprobs: 0, promptLogprobs: false, completions: true },
  // Anything else: OpenAI's documented chat bounds, nothing assumed beyond them.
  generic: { maxTopLogprobs: 20, promptLogprobs: false, completions: true },
  // Loupe's own local models (lib/llm): top_logprobs 0-20, prompt_logprobs, legacy logprobs 0-5.
  local: { maxTopLogprobs: 20, promptLogprobs: true, completions: true, maxCompletionLogprobs: 5 },
};

/** The preset a base URL most likely is, for providers configured without one. */
export function inferPreset(baseURL: string): ProviderPreset {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return "generic";
  }
  if (url.hostname === "api.openai.com") return "openai";
  if (url.hostname.endsWith("together.xyz") || url.hostname.endsWith("together.ai")) return "together";
  if (url.port === "11434") return "ollama";
  if (url.port === "1234") return "lmstudio";
  return "generic";
}

export function limitsFor(preset: ProviderPreset | "local", overrides: Partial<ProviderLimits> | null | undefined): ProviderLimits {
  return { ...PRESET_LIMITS[preset], ...(overrides ?? {}) };
}

/** The parameters of a request the limits speak about (chat or legacy completions). */
export interface LimitedParams {
  endpoint: "chat" | "completions";
  logprobs?: unknown;
  top_logprobs?: unknown;
  prompt_logprobs?: unknown;
  echo?: unknown;
}

function limitError(providerId: string, message: string): ApiError {
  return new ApiError(400, "provider_limit", `provider ${providerId}: ${message}`);
}

/**
 * Refuses, before any upstream call, a request the provider cannot answer as asked: a 400
 * naming the limit (and where to change it), never a silent cap.
 */
export function assertWithinLimits(provider: { id: string; limits: ProviderLimits }, params: LimitedParams): void {
  const { limits } = provider;
  if (params.endpoint === "completions") {
    if (!limits.completions) throw limitError(provider.id, "does not serve the legacy /completions endpoint (limits.completions is false); use /chat/completions");
    const max = limits.maxCompletionLogprobs ?? limits.maxTopLogprobs;
    if (typeof params.logprobs === "number" && params.logprobs > max) {
      throw limitError(provider.id, `logprobs ${params.logprobs} is above its limit of ${max} alternatives per token on /completions (limits.maxCompletionLogprobs)`);
    }
    if (params.echo === true && typeof params.logprobs === "number" && !limits.promptLogprobs) {
      throw limitError(provider.id, "does not return prompt logprobs (echo with logprobs; limits.promptLogprobs is false)");
    }
  } else if (typeof params.top_logprobs === "number" && params.top_logprobs > limits.maxTopLogprobs) {
    throw limitError(provider.id, `top_logprobs ${params.top_logprobs} is above its limit of ${limits.maxTopLogprobs} (limits.maxTopLogprobs)`);
  }
  if (params.prompt_logprobs !== undefined && params.prompt_logprobs !== null && !limits.promptLogprobs) {
    throw limitError(provider.id, "does not return prompt logprobs (prompt_logprobs; limits.promptLogprobs is false)");
  }
  if (typeof params.prompt_logprobs === "number" && params.prompt_logprobs > limits.maxTopLogprobs) {
    throw limitError(provider.id, `prompt_logprobs ${params.prompt_logprobs} is above its limit of ${limits.maxTopLogprobs} (limits.maxTopLogprobs)`);
  }
}
