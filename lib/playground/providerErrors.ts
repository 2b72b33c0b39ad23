import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { ApiError } from "@/lib/api/errors";

/** How long the playground waits for a provider before it says the provider is slow. */
export const PROVIDER_TIMEOUT_MS = 60_000;

export interface ProviderFailure {
  /** HTTP status the playground answers with: 502 for a provider failure, 504 for a timeout. */
  status: number;
  code: "provider_timeout" | "provider_unreachable" | "provider_rejected_key" | "provider_error" | "cancelled";
  message: string;
}

/**
 * A provider call's failure in words a user can act on. The upstream body's message is kept
 * (it says what was wrong), never the key or headers.
 */
export function providerFailure(error: unknown, providerLabel: string): ProviderFailure | null {
  if (error instanceof APIUserAbortError) return { status: 499, code: "cancelled", message: "the run was cancelled" };
  if (error instanceof APIConnectionTimeoutError) {
    return { status: 504, code: "provider_timeout", message: `${providerLabel} did not answer in time (timeout ${Math.round(PROVIDER_TIMEOUT_MS / 1000)} s): it is slow or overloaded; try again or lower max tokens` };
  }
  if (error instanceof APIConnectionError) {
    return { status: 502, code: "provider_unreachable", message: `${providerLabel} is unreachable: ${causeOf(error)}. Check that it is running and its base URL is right` };
  }
  if (error instanceof APIError && (error.status === 401 || error.status === 403)) {
    return { status: 502, code: "provider_rejected_key", message: `${providerLabel} rejected the API key (HTTP ${error.status}): check the provider's key in Settings or its environment variable` };
  }
  if (error instanceof APIError && typeof error.status === "number") {
    return { status: 502, code: "provider_error", message: `${providerLabel} answered HTTP ${error.status}: ${upstreamMessage(error)}` };
  }
  if (error instanceof Error && error.name === "AbortError") return { status: 499, code: "cancelled", message: "the run was cancelled" };
  return null;
}

/** The ApiError (error shape) for a failure that happened before anything was streamed. */
export function providerApiError(error: unknown, providerLabel: string): unknown {
  const failure = providerFailure(error, providerLabel);
  return failure ? new ApiError(failure.status, failure.code, failure.message) : error;
}

function causeOf(error: APIConnectionError): string {
  const cause = (error as { cause?: unknown }).cause;
  const code = typeof cause === "object" && cause !== null && "code" in cause ? String((cause as { code: unknown }).code) : null;
  return code ?? error.message.toLowerCase().replace(/\.$/, "");
}

function upstreamMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  const message = typeof body?.message === "string" ? body.message : error.message;
  return message.slice(0, 500);
}
