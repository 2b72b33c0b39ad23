import type { DataLayer } from "@/lib/db/database";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import type { ProxyEndpoint } from "./logprobInjection";

/** One exchange through the proxy, as the ingest pipeline stores it (tag `proxy`). */
export interface ProxyExchange {
  projectId: string;
  providerId: string;
  endpoint: ProxyEndpoint;
  stream: boolean;
  /** The body sent upstream (with the logprobs the proxy may have added). */
  upstreamBody: Record<string, unknown>;
  logprobsAddedByProxy: boolean;
  startedAt: number;
  latencyMs: number;
  /** The completion: a chat.completion, the chat chunks of a stream, or an (assembled) text_completion. */
  response: unknown;
}

const REQUEST_KEYS = new Set(["model", "messages", "prompt", "stream", "stream_options"]);

/** The ingest envelope of an exchange (README, "Ingest: the envelope"): request messages or prompt, params, tag, metadata. */
export function proxyEnvelope(exchange: ProxyExchange): Record<string, unknown> {
  const body = exchange.upstreamBody;
  const params = Object.fromEntries(Object.entries(body).filter(([key]) => !REQUEST_KEYS.has(key)));
  const response = exchange.response as { id?: unknown; model?: unknown } | unknown[];
  const head = (Array.isArray(response) ? response.find((chunk) => typeof (chunk as { id?: unknown }).id === "string") : response) as { id?: unknown; model?: unknown } | undefined;
  const model = typeof head?.model === "string" && head.model ? head.model : String(body.model);
  return {
    format: exchange.endpoint === "completions" ? "openai-legacy" : exchange.stream ? "openai-chat-stream" : "openai-chat",
    ...(typeof head?.id === "string" && head.id ? { id: `${exchange.providerId}:${head.id}` } : {}),
    timestamp: exchange.startedAt,
    model,
    provider: exchange.providerId,
    request: {
      ...(exchange.endpoint === "chat" ? { messages: body.messages as unknown[] } : { prompt: body.prompt }),
      params,
    },
    tags: ["proxy"],
    metadata: { proxy: { provider: exchange.providerId, endpoint: exchange.endpoint, stream: exchange.stream, logprobsAddedByProxy: exchange.logprobsAddedByProxy, latencyMs: exchange.latencyMs } },
    response: exchange.response,
  };
}

const pending = new Set<Promise<void>>();

/**
 * Records an exchange off the response path: on a later turn of the event loop, after the
 * answer has been handed over. A failure is logged (never the request's keys or content) and
 * costs the caller nothing.
 */
export function recordLater(db: DataLayer, exchange: ProxyExchange): void {
  const task: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
    .then(async () => {
      const summary = await ingestRecords(db, exchange.projectId, [{ value: proxyEnvelope(exchange) }]);
      const error = summary.results[0]?.error;
      if (error) console.warn(`[proxy] ${exchange.providerId}: the answer was not recorded: ${error.code}: ${error.message}`);
    })
    .catch((error: unknown) => console.warn(`[proxy] ${exchange.providerId}: the answer was not recorded: ${error instanceof Error ? error.message : String(error)}`))
    .finally(() => pending.delete(task));
  pending.add(task);
}

/** Resolves once every recording started so far has finished (tests, graceful shutdown). */
export async function proxyRecordsSettled(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
}
