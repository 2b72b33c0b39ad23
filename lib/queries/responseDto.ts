import type { NormalizedToken } from "@/lib/logprobs/types";
import type { ResponseFlag } from "@/lib/metrics/flags";
import type { UncertaintyHotspot } from "@/lib/metrics/responseMetrics";
import { tokenSignals } from "@/lib/metrics/tokenSignals";
import type { Response as ResponseRow } from "@/lib/generated/prisma/client";

/** JSON has no -Infinity: a probability-0 logprob (vLLM's -9999) is sent as null. */
const finiteOrNull = (value: number | null): number | null => (value === null || !Number.isFinite(value) ? null : value);

export function responseMetricsDto(row: ResponseSummaryRow) {
  return {
    tokenCount: row.tokenCount,
    sumLogprob: row.sumLogprob,
    avgLogprob: row.avgLogprob,
    perplexity: row.perplexity,
    lengthNormalizedLogprob: row.lengthNormalizedLogprob,
    minLogprob: row.minLogprob,
    meanEntropyBits: row.meanEntropyBits,
    maxEntropyBits: row.maxEntropyBits,
    meanMargin: row.meanMargin,
    lowConfidenceRatio: row.lowConfidenceRatio,
    suddenDrops: row.suddenDrops,
    hotspotCount: row.hotspotCount,
    hotspots: (row.hotspots as UncertaintyHotspot[] | null) ?? [],
  };
}

export type ResponseSummaryRow = ResponseRow;

export function responseSummaryDto(row: ResponseSummaryRow) {
  return {
    id: row.id,
    externalId: row.externalId,
    sampleIndex: row.sampleIndex,
    provider: row.provider,
    model: row.model,
    sourceFormat: row.sourceFormat,
    occurredAt: row.occurredAt.toISOString(),
    receivedAt: row.receivedAt.toISOString(),
    finishReason: row.finishReason,
    outputPreview: row.outputText.slice(0, 200),
    tags: (row.tags as string[] | null) ?? [],
    flags: (row.flags as ResponseFlag[] | null) ?? [],
    metrics: responseMetricsDto(row),
  };
}

export function tokenDto(token: NormalizedToken) {
  const signals = tokenSignals(token);
  return {
    token: token.token,
    logprob: finiteOrNull(token.logprob),
    bytes: token.bytes,
    entropyBits: signals.entropyBits,
    margin: finiteOrNull(signals.margin),
    top: token.top.map((alt) => ({ token: alt.token, logprob: finiteOrNull(alt.logprob), ...(alt.bytes ? { bytes: alt.bytes } : {}) })),
  };
}

export type TokenDto = ReturnType<typeof tokenDto>;
