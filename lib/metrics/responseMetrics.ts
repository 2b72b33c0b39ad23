import type { NormalizedToken, TokenAlternative } from "@/lib/logprobs/types";
import { isUsableLogprob, tokenSignals } from "./tokenSignals";

export const DEFAULT_LENGTH_NORM_ALPHA = 0.7;
export const LOW_CONFIDENCE_LOGPROB = -3;
export const SUDDEN_DROP_NATS = 5;
export const HOTSPOT_ENTROPY_BITS = 1.5;

export interface UncertaintyHotspot {
  position: number;
  token: string;
  entropyBits: number;
  top: Array<Pick<TokenAlternative, "token" | "logprob">>;
}

/** Per-response metrics; names match the API's `metrics` object and the README's definitions. */
export interface ResponseMetrics {
  tokenCount: number;
  sumLogprob: number | null;
  avgLogprob: number | null;
  perplexity: number | null;
  lengthNormalizedLogprob: number | null;
  minLogprob: number | null;
  meanEntropyBits: number | null;
  maxEntropyBits: number | null;
  meanMargin: number | null;
  lowConfidenceRatio: number | null;
  suddenDrops: number;
  hotspots: UncertaintyHotspot[];
}

export interface ResponseMetricsOptions {
  /** Exponent of the length normalization: sumLogprob / n^alpha. */
  lengthNormAlpha?: number;
}

/**
 * Computes every per-response metric in one pass over the tokens.
 * Tokens whose logprob is null or -Infinity (vLLM's -9999 stand-in) are kept out of
 * sums, averages and minimum; a -Infinity token still counts as low confidence.
 */
export function responseMetrics(
  tokens: readonly NormalizedToken[],
  options: ResponseMetricsOptions = {},
): ResponseMetrics {
  const alpha = options.lengthNormAlpha ?? DEFAULT_LENGTH_NORM_ALPHA;
  let usable = 0;
  let sum = 0;
  let min = Infinity;
  let withLogprob = 0;
  let low = 0;
  let drops = 0;
  let entropyCount = 0;
  let entropySum = 0;
  let entropyMax = -Infinity;
  let marginCount = 0;
  let marginSum = 0;
  const hotspots: UncertaintyHotspot[] = [];
  let previous: number | null = null;

  tokens.forEach((token, position) => {
    const logprob = token.logprob;
    if (logprob !== null) {
      withLogprob++;
      if (logprob < LOW_CONFIDENCE_LOGPROB) low++;
    }
    if (isUsableLogprob(logprob)) {
      usable++;
      sum += logprob;
      if (logprob < min) min = logprob;
      if (previous !== null && previous - logprob > SUDDEN_DROP_NATS) drops++;
      previous = logprob;
    } else {
      previous = null;
    }
    const signals = tokenSignals(token);
    if (signals.entropyBits !== null) {
      entropyCount++;
      entropySum += signals.entropyBits;
      if (signals.entropyBits > entropyMax) entropyMax = signals.entropyBits;
      if (signals.entropyBits > HOTSPOT_ENTROPY_BITS) {
        hotspots.push({
          position,
          token: token.token,
          entropyBits: signals.entropyBits,
          top: topAlternatives(token, 3),
        });
      }
    }
    // Over a probability-0 runner-up the margin is +∞: left out, as −∞ logprobs are of the averages.
    if (signals.margin !== null && Number.isFinite(signals.margin)) {
      marginCount++;
      marginSum += signals.margin;
    }
  });

  const avg = usable > 0 ? sum / usable : null;
  return {
    tokenCount: tokens.length,
    sumLogprob: usable > 0 ? sum : null,
    avgLogprob: avg,
    perplexity: avg === null ? null : Math.exp(-avg),
    lengthNormalizedLogprob: usable > 0 ? sum / Math.pow(usable, alpha) : null,
    minLogprob: usable > 0 ? min : null,
    meanEntropyBits: entropyCount > 0 ? entropySum / entropyCount : null,
    maxEntropyBits: entropyCount > 0 ? entropyMax : null,
    meanMargin: marginCount > 0 ? marginSum / marginCount : null,
    lowConfidenceRatio: withLogprob > 0 ? low / withLogprob : null,
    suddenDrops: drops,
    hotspots,
  };
}

function topAlternatives(token: NormalizedToken, k: number): Array<Pick<TokenAlternative, "token" | "logprob">> {
  return token.top
    .slice()
    .sort((a, b) => b.logprob - a.logprob)
    .slice(0, k)
    .map((alt) => ({ token: alt.token, logprob: alt.logprob }));
}
