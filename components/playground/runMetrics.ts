import type { NormalizedToken } from "@/lib/logprobs/types";
import { responseMetrics, type ResponseMetrics } from "@/lib/metrics/responseMetrics";
import type { TokenDto } from "@/lib/queries/responseDto";

/** A streamed token back in the normalized shape (null + zeroProbability is probability 0). */
export function normalizedToken(token: TokenDto): NormalizedToken {
  return {
    token: token.token,
    logprob: token.zeroProbability ? -Infinity : token.logprob,
    bytes: token.bytes,
    top: token.top.map((alt) => ({ token: alt.token, logprob: alt.logprob ?? -Infinity, bytes: alt.bytes ?? null })),
  };
}

/** The same per-response metrics the ingest pipeline stores, for a run still in the page. */
export function runMetrics(tokens: readonly TokenDto[]): ResponseMetrics {
  return responseMetrics(tokens.map(normalizedToken));
}
