import type { NormalizedToken } from "@/lib/logprobs/types";
import type { ResponseFlag } from "@/lib/metrics/flags";
import type { UncertaintyHotspot } from "@/lib/metrics/responseMetrics";
import { tokenSignals } from "@/lib/metrics/tokenSignals";
import type { Response as ResponseRow } from "@/lib/generated/prisma/client";

/** JSON has no -Infinity: a probability-0 logprob (vLLM's -9999) is sent as null. */
const finiteOrNull = (value: number | null): number | null => (value === null || !Number.isFinite(value) ? null : value);

/** A hotspot as the API sends it: a probability-0 alternative's logprob is null. */
export interface HotspotDto {
  position: number;
  token: string;
  entropyBits: number;
  top: Array<{ token: string; logprob: number | null }>;
}

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

/** What a summary is built from: the row's summary columns and the first 200 characters of its output. */
export type ResponseSummaryRow = Pick<
  ResponseRow,
  | "id" | "externalId" | "sampleIndex" | "provider" | "model" | "sourceFormat" | "occurredAt" | "receivedAt" | "finishReason"
  | "tags" | "flags" | "tokenCount" | "sumLogprob" | "avgLogprob" | "perplexity" | "lengthNormalizedLogprob" | "minLogprob"
  | "meanEntropyBits" | "maxEntropyBits" | "meanMargin" | "lowConfidenceRatio" | "suddenDrops" | "hotspotCount" | "hotspots"
  | "zeroProbabilityTokens"
> & { outputPreview: string };

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
    outputPreview: row.outputPreview,
    tags: (row.tags as string[] | null) ?? [],
    flags: (row.flags as ResponseFlag[] | null) ?? [],
    metrics: responseMetricsDto(row),
    // Tokens of probability 0 (null: stored before Loupe kept the count), as in the detail.
    zeroProbabilityTokens: row.zeroProbabilityTokens,
  };
}

/** True when `bytes` is exactly the UTF-8 of `text`: then the API leaves an alternative's bytes out. */
function isUtf8Of(bytes: readonly number[], text: string): boolean {
  const utf8 = Buffer.from(text, "utf8");
  return utf8.length === bytes.length && utf8.every((byte, i) => byte === bytes[i]);
}

export function tokenDto(token: NormalizedToken) {
  const signals = tokenSignals(token);
  return {
    token: token.token,
    logprob: finiteOrNull(token.logprob),
    // null above is either "not given" or −∞; only a probability-0 token says which.
    ...(token.logprob === -Infinity ? { zeroProbability: true as const } : {}),
    bytes: token.bytes,
    entropyBits: signals.entropyBits,
    margin: finiteOrNull(signals.margin),
    // +∞ when the runner-up has probability 0 (JSON has no ∞): the most certain a token can be.
    ...(signals.margin === Infinity ? { marginInfinite: true as const } : {}),
    // Alternatives carry `bytes` only when they are not the UTF-8 of the text (partial characters):
    // on a 4,000-token top-20 response the redundant arrays were most of the payload.
    top: token.top.map((alt) => ({
      token: alt.token,
      logprob: finiteOrNull(alt.logprob),
      ...(alt.bytes && !isUtf8Of(alt.bytes, alt.token) ? { bytes: alt.bytes } : {}),
    })),
  };
}

export type TokenDto = ReturnType<typeof tokenDto>;
