import type OpenAI from "openai";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { labelProbabilities, type LabelProbability } from "@/lib/metrics/labelProbabilities";
import { sampleConsistency, type SampleConsistency } from "@/lib/metrics/sampleConsistency";
import { tokenDto, type TokenDto } from "@/lib/queries/responseDto";
import { continuationLogprob, MAX_ATTRIBUTION_TOKENS, promptTokenSpans, rankAttribution, withoutSpan, type AttributionEntry } from "./attribution";
import { providerTimeoutMs, providerApiError } from "./providerErrors";
import { maxAlternatives, type ProviderInfo } from "./providers";
import { PLAYGROUND_LIMITS, promptSchema, samplingSchema, samplingParams, type PlaygroundPrompt, type SamplingSettings } from "./runRequest";
import { chunkPromptTokens, chunkTokens, withFirstPromptToken } from "./runStream";

export interface ProbeProvider {
  client: OpenAI;
  provider: ProviderInfo;
}

const options = (signal: AbortSignal) => ({ signal, timeout: providerTimeoutMs(), maxRetries: 0 });

/** One non-streamed request in the prompt's own protocol (chat or completion); the raw response. */
async function complete(run: ProbeProvider, prompt: PlaygroundPrompt, settings: SamplingSettings, extra: Record<string, unknown>, signal: AbortSignal): Promise<unknown> {
  const common = {
    model: settings.model,
    ...samplingParams(settings),
    stream: false as const,
  };
  try {
    if (prompt.mode === "chat") {
      const body = { ...common, messages: prompt.messages, logprobs: true, top_logprobs: settings.topLogprobs, ...extra };
      return await run.client.chat.completions.create(body as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, options(signal));
    }
    const body = { ...common, prompt: prompt.prompt, logprobs: Math.min(settings.topLogprobs, maxAlternatives(run.provider, "completions")), ...extra };
    return await run.client.completions.create(body as OpenAI.CompletionCreateParamsNonStreaming, options(signal));
  } catch (error) {
    throw providerApiError(error, run.provider);
  }
}

function choiceOf(response: unknown): { text: string; finishReason: string | null } {
  const choice = (response as { choices?: Array<{ text?: string; message?: { content?: string | null }; finish_reason?: string | null }> }).choices?.[0];
  return { text: choice?.message?.content ?? choice?.text ?? "", finishReason: choice?.finish_reason ?? null };
}

// ---- Label scorer ----------------------------------------------------------------------

export const labelRequestSchema = samplingSchema.and(promptSchema).and(
  z.object({ labels: z.array(z.string().max(200)).min(2).max(50).refine((labels) => labels.filter((l) => l.trim() !== "").length >= 2, "give at least two non-blank labels") }),
);
export type LabelRequest = z.infer<typeof labelRequestSchema>;

export interface LabelScore {
  labels: LabelProbability[];
  /** The position's alternatives the labels were matched against. */
  token: TokenDto | null;
  topK: number;
}

/**
 * Asks for ONE token with as many alternatives as the provider gives (its max top_logprobs, at
 * most 20) and renormalizes over the labels only (lib/metrics/labelProbabilities).
 */
export async function scoreLabels(run: ProbeProvider, request: LabelRequest, signal: AbortSignal): Promise<LabelScore> {
  const topK = Math.min(20, maxAlternatives(run.provider, request.mode === "chat" ? "chat" : "completions"));
  if (topK < 1) throw new ApiError(400, "no_logprobs", `${run.provider.label} gives no top_logprobs, so labels cannot be scored`);
  const response = await complete(run, request, { ...request, maxTokens: 1, topLogprobs: topK }, {}, signal);
  const first = chunkTokens(response)[0];
  if (!first) throw new ApiError(502, "provider_error", `${run.provider.label} sent no logprobs for the first token`);
  return { labels: labelProbabilities(request.labels, first.top), token: tokenDto(first), topK };
}

// ---- Multi-sample consistency ----------------------------------------------------------

export const samplesRequestSchema = samplingSchema.and(promptSchema).and(z.object({ n: z.number().int().min(2).max(PLAYGROUND_LIMITS.samples) }));
export type SamplesRequest = z.infer<typeof samplesRequestSchema>;

export interface SampleResult {
  text: string;
  finishReason: string | null;
  tokens: TokenDto[];
}

/**
 * N independent requests at the given temperature (one after the other: a local model
 * serializes them anyway, and a remote provider's `n` is not universal). With a seed, sample i
 * uses seed + i, so the set is reproducible yet not N copies of one answer.
 */
export async function drawSamples(run: ProbeProvider, request: SamplesRequest, signal: AbortSignal): Promise<{ samples: SampleResult[] } & SampleConsistency> {
  const samples: SampleResult[] = [];
  for (let i = 0; i < request.n; i++) {
    const seed = request.seed === undefined ? undefined : request.seed + i;
    const response = await complete(run, request, { ...request, seed }, {}, signal);
    samples.push({ ...choiceOf(response), tokens: chunkTokens(response).map(tokenDto) });
  }
  return { samples, ...sampleConsistency(samples.map((sample) => sample.text)) };
}

// ---- Leave-one-out attribution ---------------------------------------------------------

export const attributionRequestSchema = samplingSchema.and(
  z.object({ prompt: z.string().min(1).max(PLAYGROUND_LIMITS.promptChars), response: z.string().min(1).max(PLAYGROUND_LIMITS.promptChars) }),
);
export type AttributionRequest = z.infer<typeof attributionRequestSchema>;

export type AttributionEvent =
  | { type: "start"; total: number; tokens: string[]; baseline: number }
  | { type: "progress"; done: number; total: number; entry: AttributionEntry }
  | { type: "done"; ranked: AttributionEntry[]; baseline: number }
  | { type: "error"; error: { code: string; message: string } };

/** The prompt's tokens as the provider splits them (prompt_logprobs of a 1-token request). */
async function scoredTokens(run: ProbeProvider, request: AttributionRequest, text: string, signal: AbortSignal) {
  const response = await complete(run, { mode: "completion", prompt: text }, { ...request, maxTokens: 1, temperature: 0, topLogprobs: 0 }, { prompt_logprobs: 1 }, signal);
  const parsed = chunkPromptTokens(response);
  const tokens = parsed ? withFirstPromptToken(parsed, text) : null;
  if (!tokens) throw new ApiError(400, "no_prompt_logprobs", `${run.provider.label} did not return prompt logprobs`);
  return tokens;
}

/**
 * Checks the request and returns the stream of attribution events (lib/playground/attribution
 * explains the measure). Needs a provider that gives prompt logprobs; prompts up to 64 tokens.
 */
export async function startAttribution(run: ProbeProvider, request: AttributionRequest, signal: AbortSignal): Promise<AsyncGenerator<AttributionEvent>> {
  if (!run.provider.limits.promptLogprobs || !run.provider.limits.completions) {
    throw new ApiError(400, "no_prompt_logprobs", `${run.provider.label} does not give prompt logprobs on completions, which attribution needs`);
  }
  const promptTokens = await scoredTokens(run, request, request.prompt, signal);
  const spans = promptTokenSpans(request.prompt, promptTokens.map((token) => token.token));
  const attributable = spans.flatMap((span, index) => (span ? [{ index, span, token: promptTokens[index]?.token ?? "" }] : []));
  if (attributable.length === 0) throw new ApiError(400, "no_prompt_tokens", "the provider's prompt tokens could not be lined up with the prompt text");
  if (attributable.length > MAX_ATTRIBUTION_TOKENS) {
    throw new ApiError(400, "prompt_too_long", `attribution runs on prompts up to ${MAX_ATTRIBUTION_TOKENS} tokens; this one has ${attributable.length}`);
  }
  const score = async (prompt: string) => continuationLogprob(await scoredTokens(run, request, prompt + request.response, signal), request.response.length);
  const baseline = await score(request.prompt);
  if (baseline === null) throw new ApiError(400, "unscorable", "the response could not be scored after the prompt");

  return (async function* events(): AsyncGenerator<AttributionEvent> {
    const total = attributable.length;
    yield { type: "start", total, tokens: promptTokens.map((token) => token.token), baseline };
    const entries: AttributionEntry[] = [];
    try {
      for (const { index, span, token } of attributable) {
        const without = await score(withoutSpan(request.prompt, span));
        const entry = { index, token, delta: without === null ? null : baseline - without };
        entries.push(entry);
        yield { type: "progress", done: entries.length, total, entry };
      }
    } catch (error) {
      const mapped = providerApiError(error, run.provider);
      yield { type: "error", error: { code: mapped.code, message: mapped.message } };
      return;
    }
    yield { type: "done", ranked: rankAttribution(entries), baseline };
  })();
}
