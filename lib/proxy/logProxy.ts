import { APIError } from "openai";
import { z } from "zod";
import { ApiError, errorResponse } from "@/lib/api/errors";
import type { DataLayer } from "@/lib/db/database";
import { assertWithinLimits } from "@/lib/providers/limits";
import { describeProviderError } from "@/lib/providers/providerErrors";
import { getProvider, openAIClientFor, type ProviderInfo } from "@/lib/providers/registry";
import { assembleCompletionStream, callerAskedLogprobs, stripLogprobs, withLogprobs, type ProxyEndpoint } from "./logprobInjection";
import type { ProxyCaller } from "./proxyAuth";
import { recordLater } from "./proxyRecord";
import { proxySettings } from "./proxySettings";

/**
 * The logging proxy (README, "Logging proxy"): forwards an OpenAI chat or legacy completion
 * request to a provider through the official SDK, answers the caller as the provider did (SSE
 * passed on chunk by chunk, never buffered), and records the exchange afterwards.
 */
const chatBodySchema = z
  .object({ model: z.string().min(1), messages: z.array(z.unknown()).min(1, "messages must not be empty"), stream: z.boolean().nullish() })
  .passthrough();
const completionBodySchema = z
  .object({ model: z.string().min(1), prompt: z.union([z.string(), z.array(z.string()).min(1)]), stream: z.boolean().nullish() })
  .passthrough();

export interface ProxyCall {
  db: DataLayer;
  caller: ProxyCaller;
  providerId: string;
  endpoint: ProxyEndpoint;
  body: unknown;
  /** Fires when the caller goes away: the upstream request is cancelled too. */
  signal?: AbortSignal;
}

/** Upstream headers worth passing back with an error (rate limits, request ids). */
const PASSED_HEADERS = /^(retry-after|x-request-id|x-ratelimit-.*|openai-.*)$/i;

interface CapturedError {
  status: number;
  text: string;
  headers: Headers;
}

/** A fetch that remembers the last non-2xx upstream answer's body as it came, and hands the SDK an identical copy. */
function capturingFetch(slot: { error?: CapturedError }) {
  return (inner: typeof fetch): typeof fetch =>
    async (input, init) => {
      const response = await inner(input, init);
      if (response.ok) return response;
      const text = await response.text();
      slot.error = { status: response.status, text, headers: response.headers };
      return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
    };
}

function passedHeaders(headers: Headers | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  headers?.forEach((value, name) => {
    if (PASSED_HEADERS.test(name)) out[name] = value;
  });
  return out;
}

/** An upstream failure as the caller sees it: the provider's own status and body, or 502/504 when there was no answer. */
function upstreamFailure(error: unknown, provider: ProviderInfo, captured: CapturedError | undefined): Response {
  if (error instanceof APIError && typeof error.status === "number") {
    if (captured && captured.status === error.status) {
      const type = captured.headers.get("content-type") ?? "application/json";
      return new Response(captured.text, { status: captured.status, headers: { "content-type": type, ...passedHeaders(captured.headers) } });
    }
    const body = error.error !== undefined ? { error: error.error } : { error: { message: error.message } };
    return Response.json(body, { status: error.status, headers: passedHeaders(error.headers) });
  }
  if (error instanceof ApiError) throw error;
  const problem = describeProviderError(error, { id: provider.id });
  return errorResponse(problem.reason === "timeout" ? 504 : 502, `upstream_${problem.reason}`, problem.message);
}

type Upstream = { create(body: Record<string, unknown>, options: { signal?: AbortSignal }): Promise<unknown> };

function upstreamCall(client: Awaited<ReturnType<typeof openAIClientFor>>["client"], endpoint: ProxyEndpoint): Upstream {
  // The body is the caller's own (validated above for what the proxy reads); the SDK sends it as given.
  const target = endpoint === "chat" ? client.chat.completions : client.completions;
  return { create: (body, options) => (target.create as (body: unknown, options: unknown) => Promise<unknown>).call(target, body, options) };
}

export async function proxyCompletion(call: ProxyCall): Promise<Response> {
  const { db, caller, providerId, endpoint } = call;
  const body = (endpoint === "chat" ? chatBodySchema : completionBodySchema).parse(call.body) as Record<string, unknown>;
  const provider = await getProvider(providerId, db);
  const asked = callerAskedLogprobs(endpoint, body);
  const upstreamBody = withLogprobs(endpoint, body, (await proxySettings(db, caller.projectId)).topLogprobs, provider.limits);
  assertWithinLimits(provider, { endpoint, ...upstreamBody });
  const slot: { error?: CapturedError } = {};
  const { client } = await openAIClientFor(providerId, { db, apiKey: caller.upstreamKey ?? undefined, maxRetries: 0, wrapFetch: capturingFetch(slot) });
  const upstream = upstreamCall(client, endpoint);
  const stream = body.stream === true;
  const startedAt = Date.now();
  const exchange = { projectId: caller.projectId, providerId, endpoint, stream, upstreamBody, logprobsAddedByProxy: !asked, startedAt };

  let result: unknown;
  try {
    result = await upstream.create(upstreamBody, { signal: call.signal });
  } catch (error) {
    return upstreamFailure(error, provider, slot.error);
  }
  if (!stream) {
    const bytes = new TextEncoder().encode(JSON.stringify(asked ? result : stripLogprobs(structuredClone(result))));
    const latencyMs = Date.now() - startedAt;
    return new Response(answerThenRecord(bytes, () => recordLater(db, { ...exchange, latencyMs, response: result })), {
      headers: { "content-type": "application/json" },
    });
  }
  return new Response(relayStream(result as AsyncIterable<Record<string, unknown>> & { controller: AbortController }, asked, (chunks) => {
    const response = endpoint === "chat" ? chunks : assembleCompletionStream(chunks);
    recordLater(db, { ...exchange, latencyMs: Date.now() - startedAt, response });
  }), {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" },
  });
}

/** A body that hands over `bytes`, then (once the server has taken them all, or the caller left) runs `after`. */
function answerThenRecord(bytes: Uint8Array, after: () => void): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(bytes);
        return;
      }
      controller.close();
      after();
    },
    cancel() {
      after();
    },
  });
}

/**
 * The SDK's parsed chunks back to SSE, one event per chunk as it arrives (pulled, so a slow
 * caller slows the upstream read instead of filling memory). The unstripped chunks are kept
 * for the record, which is written after `[DONE]`. A stream error mid-way ends the stream with
 * an `error` event and records nothing (the answer is incomplete).
 */
function relayStream(upstream: AsyncIterable<Record<string, unknown>> & { controller: AbortController }, asked: boolean, onDone: (chunks: Record<string, unknown>[]) => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = upstream[Symbol.asyncIterator]();
  const kept: Record<string, unknown>[] = [];
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) {
          controller.enqueue(encoder.encode("data: [DONE]\n\n"));
          controller.close();
          onDone(kept);
          return;
        }
        const chunk = next.value;
        const original = JSON.stringify(chunk);
        kept.push(JSON.parse(original) as Record<string, unknown>);
        controller.enqueue(encoder.encode(`data: ${asked ? original : JSON.stringify(stripLogprobs(chunk))}\n\n`));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        controller.enqueue(encoder.encode(`data: ${JSON.stringify({ error: { message, type: "upstream_error", param: null, code: null } })}\n\n`));
        controller.close();
      }
    },
    cancel() {
      upstream.controller.abort();
    },
  });
}
