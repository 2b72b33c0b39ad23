import { ApiError } from "@/lib/api/errors";
import { env } from "@/lib/config/env";
import { describeProviderError } from "@/lib/providers/providerErrors";

/**
 * How long the playground waits for a provider's answer before it says the provider is slow:
 * LOUPE_PLAYGROUND_TIMEOUT_MS, default 60 s.
 */
export function providerTimeoutMs(): number {
  return env().LOUPE_PLAYGROUND_TIMEOUT_MS;
}

export interface ProviderFailure {
  /** HTTP status the playground answers with: 502 for a provider failure, 504 for a timeout. */
  status: number;
  code: "provider_timeout" | "provider_unreachable" | "provider_rejected_key" | "provider_error" | "cancelled";
  message: string;
}

const CODES = {
  timeout: { status: 504, code: "provider_timeout" },
  down: { status: 502, code: "provider_unreachable" },
  unauthorized: { status: 502, code: "provider_rejected_key" },
  upstream: { status: 502, code: "provider_error" },
  cancelled: { status: 499, code: "cancelled" },
} as const;

/** A provider call's failure in words a user can act on (the providers module's wording), never the key. */
export function providerFailure(error: unknown, provider: { id: string; baseURL?: string }): ProviderFailure {
  const problem = describeProviderError(error, { id: provider.id }, providerTimeoutMs());
  // An upstream 400 (a bad parameter) is the user's to fix: answered as 400, with the provider's words.
  if (problem.reason === "upstream" && problem.status !== null && problem.status >= 400 && problem.status < 500 && problem.status !== 429) {
    return { status: 400, code: "provider_error", message: problem.message };
  }
  return { ...CODES[problem.reason], message: problem.message };
}

/** The ApiError (error shape) for a failure before anything was streamed; ApiErrors pass through. */
export function providerApiError(error: unknown, provider: { id: string; baseURL?: string }): ApiError {
  if (error instanceof ApiError) return error;
  const failure = providerFailure(error, provider);
  return new ApiError(failure.status, failure.code, failure.message);
}
