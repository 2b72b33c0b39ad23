import crypto from "node:crypto";
import { localModels } from "@/lib/config/env";
import { chatPromptText } from "./chatPrompt";
import type { GeneratedToken, PromptToken, TokenChoice } from "./localGenerate";
import { prepareRun, runLocal, type RunEvent, type RunRequest } from "./localRun";
import { chatRequestSchema, completionRequestSchema, OpenAIWireError, openAIErrorResponse, parseWire } from "./openaiWire";

/**
 * Loupe's OpenAI-compatible endpoint for its local models (README, "OpenAI-compatible
 * endpoint"): OpenAI's exact wire shapes for `/chat/completions`, `/completions` and `/models`,
 * JSON or SSE. The routes under app/api/v1/openai authenticate and hand the body here;
 * `localOpenAIClient()` calls these handlers in-process.
 */

function stopList(stop: string | string[] | null | undefined): string[] {
  if (stop == null) return [];
  return (typeof stop === "string" ? [stop] : stop).filter((entry) => entry.length > 0);
}

const chatAlternative = (choice: TokenChoice) => ({ token: choice.text, logprob: choice.logprob, bytes: choice.bytes });

function chatTokenLogprob(token: GeneratedToken, topLogprobs: number) {
  return { ...chatAlternative(token), top_logprobs: token.top.slice(0, topLogprobs).map(chatAlternative) };
}

/** vLLM's `prompt_logprobs`: `[null, {"<id>": {logprob, rank, decoded_token}}, ...]`, the prompt token itself plus its alternatives. */
function vllmPromptLogprobs(tokens: PromptToken[] | null) {
  if (!tokens) return undefined;
  return tokens.map((token) => {
    if (token.logprob === null) return null;
    const entries: Record<string, { logprob: number; rank: number; decoded_token: string }> = {};
    token.top.forEach((alternative, rank) => {
      entries[String(alternative.id)] = { logprob: alternative.logprob, rank: rank + 1, decoded_token: alternative.text };
    });
    entries[String(token.id)] = { logprob: token.logprob, rank: token.rank ?? 1, decoded_token: token.text };
    return entries;
  });
}

function usage(promptTokens: number, completionTokens: number) {
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" };

/** Writes each wire chunk as `data: {...}\n\n`, then `data: [DONE]\n\n`; an error mid-stream is sent as an error event. */
function sseResponse(chunks: AsyncGenerator<unknown>, abort: AbortController): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const step = await chunks.next();
        if (step.done) {
          controller.enqueue(encoder.encode("data: [DONE]\n\n"));
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(step.value)}\n\n`));
      } catch (error) {
        if (!abort.signal.aborted) {
          console.error("local model stream failed", error);
          const body = { error: { message: "the local model failed while generating", type: "server_error", param: null, code: null } };
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(body)}\n\n`));
        }
        controller.close();
      }
    },
    async cancel() {
      abort.abort();
      await chunks.return(undefined);
    },
  });
  return new Response(stream, { headers: SSE_HEADERS });
}

/** Links the caller's signal to our own, so a cancelled stream (reader gone) also stops generation. */
function linkedAbort(signal?: AbortSignal): AbortController {
  const abort = new AbortController();
  if (signal?.aborted) abort.abort();
  else signal?.addEventListener("abort", () => abort.abort(), { once: true });
  return abort;
}

async function guarded(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof OpenAIWireError) return error.toResponse();
    if (error instanceof Error && error.name === "AbortError") return openAIErrorResponse(499, "the request was cancelled", null, "cancelled");
    console.error("local model request failed", error);
    return openAIErrorResponse(500, "the local model failed while generating", null, null);
  }
}

export function handleLocalChatCompletions(body: unknown, signal?: AbortSignal): Promise<Response> {
  return guarded(async () => {
    const request = parseWire(chatRequestSchema, body);
    const { text } = chatPromptText(request.messages);
    const wantLogprobs = request.logprobs === true;
    const topLogprobs = request.top_logprobs ?? 0;
    const run: RunRequest = {
      model: request.model,
      prompt: text,
      promptTopK: request.prompt_logprobs ?? null,
      choices: request.n ?? 1,
      maxTokens: request.max_completion_tokens ?? request.max_tokens ?? null,
      temperature: request.temperature ?? 1,
      topP: request.top_p ?? 1,
      seed: request.seed ?? null,
      stops: stopList(request.stop),
      topK: topLogprobs,
    };
    const prepared = await prepareRun(run);
    const id = `chatcmpl-${crypto.randomUUID().replaceAll("-", "")}`;
    const created = Math.floor(Date.now() / 1000);
    const abort = linkedAbort(signal);
    const events = runLocal(prepared, run, abort.signal);
    const head = { id, created, model: request.model, system_fingerprint: null };

    if (request.stream) {
      const includeUsage = request.stream_options?.include_usage === true;
      async function* chunks(): AsyncGenerator<unknown> {
        let promptTokenCount = 0;
        let completionTokens = 0;
        const started = new Set<number>();
        const chunk = (choice: object, extra: object = {}) => ({ ...head, object: "chat.completion.chunk", choices: [choice], ...extra });
        for await (const event of events) {
          if (event.kind === "prompt") {
            promptTokenCount = event.promptTokenCount;
            const promptLogprobs = vllmPromptLogprobs(event.promptTokens);
            if (promptLogprobs) yield { ...head, object: "chat.completion.chunk", choices: [], prompt_logprobs: promptLogprobs };
            continue;
          }
          if (!started.has(event.index)) {
            started.add(event.index);
            yield chunk({ index: event.index, delta: { role: "assistant", content: "", refusal: null }, logprobs: null, finish_reason: null });
          }
          if (event.kind === "token") {
            const logprobs = wantLogprobs ? { content: [chatTokenLogprob(event.token, topLogprobs)], refusal: null } : null;
            yield chunk({ index: event.index, delta: { content: event.text }, logprobs, finish_reason: null });
          } else {
            completionTokens += event.completionTokens;
            yield chunk({ index: event.index, delta: {}, logprobs: null, finish_reason: event.reason });
          }
        }
        if (includeUsage) yield { ...head, object: "chat.completion.chunk", choices: [], usage: usage(promptTokenCount, completionTokens) };
      }
      return sseResponse(chunks(), abort);
    }

    const { byChoice, promptTokens, promptTokenCount } = await collect(events, run.choices);
    const choices = byChoice.map((choice, index) => ({
      index,
      message: { role: "assistant", content: choice.text, refusal: null },
      logprobs: wantLogprobs ? { content: choice.tokens.map((token) => chatTokenLogprob(token, topLogprobs)), refusal: null } : null,
      finish_reason: choice.reason,
    }));
    const completionTokens = byChoice.reduce((sum, choice) => sum + choice.tokens.length, 0);
    const promptLogprobs = vllmPromptLogprobs(promptTokens);
    return Response.json({
      ...head,
      object: "chat.completion",
      choices,
      usage: usage(promptTokenCount, completionTokens),
      ...(promptLogprobs ? { prompt_logprobs: promptLogprobs } : {}),
    });
  });
}

interface CollectedChoice {
  text: string;
  tokens: GeneratedToken[];
  /** The text each token added (a stop string may have cut the last one). */
  texts: string[];
  reason: string;
}

async function collect(events: AsyncGenerator<RunEvent>, count: number) {
  const byChoice: CollectedChoice[] = Array.from({ length: count }, () => ({ text: "", tokens: [], texts: [], reason: "length" }));
  let promptTokens: PromptToken[] | null = null;
  let promptTokenCount = 0;
  for await (const event of events) {
    if (event.kind === "prompt") {
      promptTokens = event.promptTokens;
      promptTokenCount = event.promptTokenCount;
      continue;
    }
    const choice = byChoice[event.index] as CollectedChoice;
    if (event.kind === "token") {
      choice.text += event.text;
      choice.tokens.push(event.token);
      choice.texts.push(event.text);
    } else choice.reason = event.reason;
  }
  return { byChoice, promptTokens, promptTokenCount };
}

/** Legacy `logprobs` for a run of tokens: tokens, token_logprobs, top_logprobs ({text: logprob}, the chosen token included) and text_offset. */
function legacyLogprobs(tokens: readonly (GeneratedToken | PromptToken)[], texts: readonly string[], k: number, startOffset: number) {
  let offset = startOffset;
  const textOffset: number[] = [];
  for (const text of texts) {
    textOffset.push(offset);
    offset += text.length;
  }
  return {
    tokens: tokens.map((token) => token.text),
    token_logprobs: tokens.map((token) => token.logprob),
    top_logprobs: tokens.map((token) => {
      if (token.logprob === null) return null;
      const dict: Record<string, number> = {};
      for (const alternative of token.top.slice(0, k)) dict[alternative.text] ??= alternative.logprob;
      dict[token.text] ??= token.logprob;
      return dict;
    }),
    text_offset: textOffset,
  };
}

/** The prompt tokens' texts as they read in the prompt (a tokenizer's leading "dummy prefix" space is not part of the prompt). */
function promptTokenTexts(prompt: string, tokens: PromptToken[]): string[] {
  return tokens.map((token, index) => (index === 0 && token.text.startsWith(" ") && !prompt.startsWith(" ") ? token.text.slice(1) : token.text));
}

export function handleLocalCompletions(body: unknown, signal?: AbortSignal): Promise<Response> {
  return guarded(async () => {
    const request = parseWire(completionRequestSchema, body);
    const prompt = typeof request.prompt === "string" ? request.prompt : (request.prompt[0] as string);
    const echo = request.echo === true;
    const k = request.logprobs ?? null;
    const run: RunRequest = {
      model: request.model,
      prompt,
      // Echo with logprobs needs the prompt scored; vLLM's prompt_logprobs too.
      promptTopK: echo && k !== null ? Math.max(k, request.prompt_logprobs ?? 0) : (request.prompt_logprobs ?? null),
      choices: request.n ?? 1,
      // OpenAI's legacy default.
      maxTokens: request.max_tokens ?? 16,
      temperature: request.temperature ?? 1,
      topP: request.top_p ?? 1,
      seed: request.seed ?? null,
      stops: stopList(request.stop),
      topK: k ?? 0,
    };
    const prepared = await prepareRun(run);
    const id = `cmpl-${crypto.randomUUID().replaceAll("-", "")}`;
    const created = Math.floor(Date.now() / 1000);
    const abort = linkedAbort(signal);
    const events = runLocal(prepared, run, abort.signal);
    const head = { id, object: "text_completion", created, model: request.model, system_fingerprint: null };
    const echoed = (promptTokens: PromptToken[] | null) => {
      if (!echo) return { text: "", logprobs: null };
      const texts = promptTokens ? promptTokenTexts(prompt, promptTokens) : [];
      const tokens = promptTokens?.map((token, index) => ({ ...token, text: texts[index] as string })) ?? [];
      return { text: prompt, logprobs: k !== null && promptTokens ? legacyLogprobs(tokens, texts, k, 0) : null };
    };

    if (request.stream) {
      const includeUsage = request.stream_options?.include_usage === true;
      async function* chunks(): AsyncGenerator<unknown> {
        let promptTokenCount = 0;
        let completionTokens = 0;
        let promptTokens: PromptToken[] | null = null;
        const offsets = new Map<number, number>();
        for await (const event of events) {
          if (event.kind === "prompt") {
            promptTokenCount = event.promptTokenCount;
            promptTokens = event.promptTokens;
            const promptLogprobs = request.prompt_logprobs != null ? vllmPromptLogprobs(promptTokens) : undefined;
            if (promptLogprobs) yield { ...head, choices: [], prompt_logprobs: promptLogprobs };
            continue;
          }
          if (!offsets.has(event.index)) {
            offsets.set(event.index, echo ? prompt.length : 0);
            if (echo) {
              const { text, logprobs } = echoed(promptTokens);
              yield { ...head, choices: [{ index: event.index, text, logprobs, finish_reason: null }] };
            }
          }
          if (event.kind === "token") {
            const offset = offsets.get(event.index) as number;
            offsets.set(event.index, offset + event.text.length);
            const logprobs = k !== null ? legacyLogprobs([event.token], [event.text], k, offset) : null;
            yield { ...head, choices: [{ index: event.index, text: event.text, logprobs, finish_reason: null }] };
          } else {
            completionTokens += event.completionTokens;
            yield { ...head, choices: [{ index: event.index, text: "", logprobs: null, finish_reason: event.reason }] };
          }
        }
        if (includeUsage) yield { ...head, choices: [], usage: usage(promptTokenCount, completionTokens) };
      }
      return sseResponse(chunks(), abort);
    }

    const { byChoice, promptTokens, promptTokenCount } = await collect(events, run.choices);
    const choices = byChoice.map((choice, index) => {
      const prefix = echoed(promptTokens);
      let logprobs = null;
      if (k !== null) {
        const generated = legacyLogprobs(choice.tokens, choice.texts, k, prefix.text.length);
        logprobs = prefix.logprobs
          ? {
              tokens: [...prefix.logprobs.tokens, ...generated.tokens],
              token_logprobs: [...prefix.logprobs.token_logprobs, ...generated.token_logprobs],
              top_logprobs: [...prefix.logprobs.top_logprobs, ...generated.top_logprobs],
              text_offset: [...prefix.logprobs.text_offset, ...generated.text_offset],
            }
          : generated;
      }
      return { index, text: prefix.text + choice.text, logprobs, finish_reason: choice.reason };
    });
    const completionTokens = byChoice.reduce((sum, choice) => sum + choice.tokens.length, 0);
    const promptLogprobs = request.prompt_logprobs != null ? vllmPromptLogprobs(promptTokens) : undefined;
    return Response.json({ ...head, choices, usage: usage(promptTokenCount, completionTokens), ...(promptLogprobs ? { prompt_logprobs: promptLogprobs } : {}) });
  });
}

/** `GET /models`: OpenAI's list shape, one entry per configured local model. */
export function localModelsList(): Response {
  const created = Math.floor(Date.now() / 1000);
  return Response.json({
    object: "list",
    data: localModels().map((entry) => ({ id: entry.name, object: "model", created, owned_by: "loupe-local" })),
  });
}
