import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { ApiError } from "@/lib/api/errors";

/** Why a provider call failed, in words a user can act on (Settings' test, the proxy, the playground). */
export interface ProviderProblem {
  /** down: no connection; timeout: no answer in time; unauthorized: key rejected; upstream: another error status; cancelled. */
  reason: "down" | "timeout" | "unauthorized" | "upstream" | "cancelled";
  /** The upstream's HTTP status, when it answered. */
  status: number | null;
  message: string;
}

/**
 * `provider.baseURL` appears in the message only when given: Settings' connection test passes it
 * (instance admins see the URL there anyway); the playground, the proxy and probes answer members
 * and key holders, to whom base URLs (internal hosts, sometimes a token in the path) are not shown.
 */
export function describeProviderError(error: unknown, provider: { id: string; baseURL?: string }, timeoutMs?: number): ProviderProblem {
  const at = provider.baseURL ? ` at ${provider.baseURL}` : "";
  if (error instanceof APIUserAbortError) return { reason: "cancelled", status: null, message: "the request was cancelled" };
  if (error instanceof APIConnectionTimeoutError) {
    const after = timeoutMs !== undefined ? ` after ${(timeoutMs / 1000).toLocaleString("en")} s` : "";
    return { reason: "timeout", status: null, message: `provider ${provider.id}${at} did not answer${after}: it is slow or unreachable` };
  }
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${describeCause(error.cause)}` : "";
    return { reason: "down", status: null, message: `cannot reach provider ${provider.id}${at}${cause}; is it running?` };
  }
  if (error instanceof APIError && typeof error.status === "number") {
    const detail = upstreamMessage(error);
    if (error.status === 401 || error.status === 403) {
      return { reason: "unauthorized", status: error.status, message: `provider ${provider.id} rejected the key (${error.status}${detail ? `: ${detail}` : ""}); check the key set for it` };
    }
    return { reason: "upstream", status: error.status, message: `provider ${provider.id} answered ${error.status}${detail ? `: ${detail}` : ""}` };
  }
  if (error instanceof ApiError) return { reason: "upstream", status: error.status, message: error.message };
  return { reason: "down", status: null, message: `provider ${provider.id} failed: ${error instanceof Error ? error.message : String(error)}` };
}

function upstreamMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  return typeof body?.message === "string" ? body.message : "";
}

/** The innermost cause's code or message (ECONNREFUSED, ENOTFOUND...), which says what went wrong. */
function describeCause(cause: Error): string {
  let current: unknown = cause;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  const innermost = current as Error & { code?: string };
  return innermost.code ? `${innermost.code}` : innermost.message;
}
