import type OpenAI from "openai";
import { isRecord } from "@/lib/logprobs/guards";
import { parseChatLogprobsContent } from "@/lib/logprobs/openaiChat";
import { readParallelTokenLists } from "@/lib/logprobs/openaiLegacy";
import type { NormalizedToken } from "@/lib/logprobs/types";
import { parsePromptLogprobs } from "@/lib/logprobs/vllm";
import { tokenDto, type TokenDto } from "@/lib/queries/responseDto";
import { providerTimeoutMs, providerApiError, providerFailure } from "./providerErrors";
import { checkLimits, maxAlternatives, type ProviderInfo } from "./providers";
import { samplingParams, type RunRequest } from "./runRequest";

/** One line of the playground's NDJSON stream. */
export type RunEvent =
  | { type: "start"; provider: string; model: string }
  | { type: "prompt"; tokens: TokenDto[] }
  | { type: "tokens"; tokens: TokenDto[] }
  | { type: "done"; finishReason: string | null }
  | { type: "error"; error: { code: string; message: string } };

export interface RunProvider {
  client: OpenAI;
  provider: ProviderInfo;
}

/**
 * The provider request for a playground run, in OpenAI's protocol. `prompt_logprobs` is vLLM's
 * extension (also Loupe's local endpoint); it is only sent to providers whose limits say they take it.
 */
function providerBody(request: RunRequest, provider: ProviderInfo) {
  const promptLogprobs = request.promptLogprobs && provider.limits.promptLogprobs;
  const common = {
    model: request.model,
    ...samplingParams(request),
    stream: true as const,
    // 1 alternative is enough for surprise; the prompt token itself always comes with it.
    ...(promptLogprobs ? { prompt_logprobs: 1 } : {}),
  };
  if (request.mode === "chat") {
    const messages = request.prefill === undefined ? request.messages : [...request.messages, { role: "assistant" as const, content: request.prefill }];
    // vLLM opens a new assistant turn after a trailing assistant message unless told to continue it.
    const continueLast = request.prefill !== undefined && provider.preset === "vllm" ? { continue_final_message: true, add_generation_prompt: false } : {};
    return { kind: "chat" as const, body: { ...common, messages, logprobs: true, top_logprobs: request.topLogprobs, ...continueLast } };
  }
  return { kind: "completion" as const, body: { ...common, prompt: request.prompt + (request.prefill ?? ""), logprobs: Math.min(request.topLogprobs, maxAlternatives(provider, "completions")) } };
}

/** A streamed chunk's first choice, when it has one (the playground asks for one). */
function firstChoice(chunk: unknown): Record<string, unknown> | null {
  const choice: unknown = isRecord(chunk) && Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
  return isRecord(choice) ? choice : null;
}

/** Output tokens of one streamed chunk (chat or legacy completion shape). */
export function chunkTokens(chunk: unknown): NormalizedToken[] {
  const choice = firstChoice(chunk);
  if (!choice || !isRecord(choice.logprobs)) return [];
  const logprobs = choice.logprobs;
  if (Array.isArray(logprobs.content)) return parseChatLogprobsContent(logprobs.content, "choices[0].logprobs.content");
  if (Array.isArray(logprobs.tokens)) return readParallelTokenLists(logprobs, "choices[0].logprobs");
  return [];
}

/** The text a streamed chunk carries (chat `delta.content` or a completion's `text`), whatever its logprobs. */
export function chunkText(chunk: unknown): string {
  const choice = firstChoice(chunk);
  if (!choice) return "";
  if (typeof choice.text === "string") return choice.text;
  return isRecord(choice.delta) && typeof choice.delta.content === "string" ? choice.delta.content : "";
}

/** Thrown when the stream sends nothing for the idle timeout. */
class StreamIdle extends Error {}

/** The stream's next chunk, or StreamIdle after `ms` without one (the SDK's timeout stops at the response headers). */
async function nextWithin<T>(upstream: AsyncIterator<T>, ms: number): Promise<IteratorResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const idle = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StreamIdle()), ms);
  });
  try {
    return await Promise.race([upstream.next(), idle]);
  } finally {
    clearTimeout(timer);
  }
}

/** vLLM's `prompt_logprobs` (top level for chat, on the choice for completions), when a chunk carries it. */
export function chunkPromptTokens(chunk: unknown): NormalizedToken[] | null {
  if (!isRecord(chunk)) return null;
  const choice = firstChoice(chunk);
  const value = Array.isArray(chunk.prompt_logprobs) ? chunk.prompt_logprobs : choice && Array.isArray(choice.prompt_logprobs) ? choice.prompt_logprobs : null;
  return value ? parsePromptLogprobs(value, "prompt_logprobs", null) : null;
}

/**
 * Starts a run: resolves once the provider has answered (so a provider that is down, slow or
 * rejects the key fails here, as an ApiError for the route), then yields the stream's events.
 * Aborting `signal` aborts the provider request.
 */
export async function startRun(run: RunProvider, request: RunRequest, signal: AbortSignal): Promise<AsyncGenerator<RunEvent>> {
  const { provider } = run;
  const { kind, body } = providerBody(request, provider);
  checkLimits(provider, kind === "chat" ? { endpoint: "chat", ...body } : { endpoint: "completions", ...body });
  const options = { signal, timeout: providerTimeoutMs(), maxRetries: 0 };
  let stream: AsyncIterable<unknown>;
  try {
    // The extension field passes through the SDK untouched.
    stream = kind === "chat"
      ? await run.client.chat.completions.create(body as OpenAI.Chat.ChatCompletionCreateParamsStreaming, options)
      : await run.client.completions.create(body as OpenAI.CompletionCreateParamsStreaming, options);
  } catch (error) {
    throw providerApiError(error, provider);
  }
  const upstream = stream[Symbol.asyncIterator]();
  let started = false;
  const prompt = request.mode === "completion" ? request.prompt + (request.prefill ?? "") : null;
  return (async function* events(): AsyncGenerator<RunEvent> {
    let finished = false;
    let finishReason: string | null = null;
    let promptSent = false;
    let tokenCount = 0;
    // Text that came without logprobs: a provider that ignores `logprobs` on streams.
    let bareText = "";
    try {
      yield { type: "start", provider: provider.id, model: request.model };
      for (;;) {
        started = true;
        const step = await nextWithin(upstream, options.timeout);
        if (step.done) break;
        const chunk = step.value;
        if (!promptSent) {
          const promptTokens = chunkPromptTokens(chunk);
          if (promptTokens) {
            promptSent = true;
            yield { type: "prompt", tokens: withFirstPromptToken(promptTokens, prompt).map(tokenDto) };
          }
        }
        const tokens = chunkTokens(chunk);
        tokenCount += tokens.length;
        if (tokens.length > 0) yield { type: "tokens", tokens: tokens.map(tokenDto) };
        else bareText += chunkText(chunk);
        const choice = firstChoice(chunk);
        if (typeof choice?.finish_reason === "string") finishReason = choice.finish_reason;
      }
      finished = true;
    } catch (error) {
      if (error instanceof StreamIdle) {
        // Not finished: the finally below stops the provider.
        yield { type: "error", error: { code: "provider_timeout", message: `${provider.label} sent nothing for ${Number((options.timeout / 1000).toFixed(1))} s (LOUPE_PLAYGROUND_TIMEOUT_MS)` } };
        return;
      }
      finished = true;
      const failure = providerFailure(error, provider);
      yield { type: "error", error: { code: failure.code, message: failure.message } };
      return;
    } finally {
      // The reader went away (cancel): stop the provider. Aborting alone does not release a
      // stream nobody reads, so the upstream body is started (if it never was) and then closed.
      if (!finished) {
        signalAbort(stream);
        if (!started) await upstream.next().catch(() => undefined);
        await upstream.return?.(undefined).catch(() => undefined);
      }
    }
    if (tokenCount === 0 && bareText.trim() !== "") {
      const shown = bareText.length > 200 ? `${bareText.slice(0, 200)}…` : bareText;
      yield { type: "error", error: { code: "no_logprobs", message: `${provider.label} streamed text without logprobs (it ignores them on streamed responses, or for this model): “${shown}”` } };
      return;
    }
    yield { type: "done", finishReason };
  })();
}

function signalAbort(stream: unknown): void {
  const controller = (stream as { controller?: unknown }).controller;
  if (controller instanceof AbortController) controller.abort();
}

/**
 * vLLM's prompt_logprobs give the first prompt position no entry (no logprob, no text); where
 * the prompt text is known, the first token's text is what the other tokens leave of it.
 */
export function withFirstPromptToken(tokens: NormalizedToken[], prompt: string | null): NormalizedToken[] {
  const [first, ...rest] = tokens;
  if (!first || first.token !== "" || prompt === null) return tokens;
  const restText = rest.map((token) => token.token).join("");
  if (!prompt.endsWith(restText) || prompt.length === restText.length) return tokens;
  return [{ ...first, token: prompt.slice(0, prompt.length - restText.length) }, ...rest];
}

/** NDJSON over HTTP: one event per line, flushed as it comes. */
export function ndjsonResponse<T>(events: AsyncGenerator<T>): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await events.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`));
    },
    async cancel() {
      await events.return(undefined);
    },
  });
  return new Response(body, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
}
