import {
  DEFAULT_LENGTH_NORM_ALPHA,
  HOTSPOT_ENTROPY_BITS,
  LOW_CONFIDENCE_LOGPROB,
  SUDDEN_DROP_NATS,
} from "@/lib/metrics/responseMetrics";
import { formatSignedCount } from "@/components/format/number";
import { formatBits, formatCount, formatNats, formatNumber, formatShare } from "./formatSignal";

/**
 * What each number in the token view means, in the words of lib/metrics (tokenSignals.ts,
 * responseMetrics.ts) and the README; thresholds come from the same constants the math uses.
 */
export const SIGNAL_DEFINITIONS = {
  probability: "probability = exp(logprob)",
  logprob: "Natural-log probability the model gave the chosen token (nats).",
  entropyBits:
    "entropyBits = −Σ q·log2 q over the top-k alternatives renormalized (chosen token added if missing); null when fewer than 2.",
  margin: "margin = top-1 minus top-2 logprob, in nats; small means a close call.",
} as const;

export type MetricName =
  | "tokenCount"
  | "avgLogprob"
  | "perplexity"
  | "sumLogprob"
  | "lengthNormalizedLogprob"
  | "minLogprob"
  | "meanEntropyBits"
  | "maxEntropyBits"
  | "meanMargin"
  | "lowConfidenceRatio"
  | "suddenDrops"
  | "hotspotCount";

export interface MetricDefinition {
  name: MetricName;
  label: string;
  definition: string;
  format: (value: number | null) => string;
}


export const METRIC_DEFINITIONS: readonly MetricDefinition[] = [
  { name: "tokenCount", label: "Tokens", definition: "Number of output tokens.", format: formatCount },
  {
    name: "avgLogprob",
    label: "Avg logprob",
    definition: "avgLogprob = mean logprob over tokens with a finite logprob.",
    format: (v) => formatNumber(v, 3),
  },
  { name: "perplexity", label: "Perplexity", definition: "perplexity = exp(−avgLogprob).", format: (v) => formatNumber(v, 3) },
  {
    name: "sumLogprob",
    label: "Sum logprob",
    definition: "sumLogprob = sum of the finite logprobs: the log-likelihood of the whole output.",
    format: (v) => formatNumber(v),
  },
  {
    name: "lengthNormalizedLogprob",
    label: "Length-normalized",
    definition: `lengthNormalizedLogprob = sumLogprob / n^${DEFAULT_LENGTH_NORM_ALPHA} (n = tokens with a finite logprob; the exponent is LOUPE_LENGTH_NORM_ALPHA).`,
    format: (v) => formatNumber(v, 3),
  },
  { name: "minLogprob", label: "Min logprob", definition: "minLogprob = the lowest finite logprob of any token.", format: (v) => formatNumber(v, 3) },
  {
    name: "meanEntropyBits",
    label: "Mean entropy",
    definition: `Mean of entropyBits over tokens that have it. ${SIGNAL_DEFINITIONS.entropyBits}`,
    format: formatBits,
  },
  { name: "maxEntropyBits", label: "Max entropy", definition: "maxEntropyBits = the highest entropyBits of any token.", format: formatBits },
  { name: "meanMargin", label: "Mean margin", definition: `Mean margin over tokens that have one. ${SIGNAL_DEFINITIONS.margin}`, format: formatNats },
  {
    name: "lowConfidenceRatio",
    label: "Low-confidence share",
    definition: `lowConfidenceRatio = share of tokens with logprob < ${formatSignedCount(LOW_CONFIDENCE_LOGPROB)}.`,
    format: formatShare,
  },
  {
    name: "suddenDrops",
    label: "Sudden drops",
    definition: `suddenDrops = count of i ≥ 1 with logprob[i−1] − logprob[i] > ${SUDDEN_DROP_NATS}.`,
    format: formatCount,
  },
  {
    name: "hotspotCount",
    label: "Hotspots",
    definition: `hotspots = tokens with entropy > ${HOTSPOT_ENTROPY_BITS} bits.`,
    format: formatCount,
  },
];
