import {
  DEFAULT_LENGTH_NORM_ALPHA,
  HOTSPOT_ENTROPY_BITS,
  LOW_CONFIDENCE_LOGPROB,
  SUDDEN_DROP_NATS,
} from "@/lib/metrics/responseMetrics";
import { formatSignedCount } from "@/components/format/number";
import { formatBits, formatCount, formatNats, formatNumber, formatProbabilityOfLogprob, formatShare } from "./formatSignal";

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
  surprisal: "surprise = −log2 p of the chosen token, in bits: 1 bit is a coin flip, 10 bits a 1-in-1,024 pick.",
} as const;

/** The API's per-response metrics. */
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

/** The figures the panel shows: the API's metrics, plus what only the tokens tell (probability-0 tokens). */
export type MetricInputs = Record<MetricName, number | null> & {
  /** Tokens with probability 0 (−∞ logprob), which the API's sums and minimum leave out. */
  zeroProbabilityTokens: number;
};

export interface MetricDefinition {
  /** Also the panel's test id: `metric-<name>`. */
  name: MetricName | "sequenceProbability" | "minTokenProbability";
  label: string;
  definition: string;
  value: (inputs: MetricInputs) => number | null;
  format: (value: number | null) => string;
}

/** The panel's inputs: the response's metrics and its count of probability-0 tokens. */
export function metricInputs(metrics: Record<MetricName, number | null>, zeroProbabilityTokens: number): MetricInputs {
  return { ...metrics, zeroProbabilityTokens };
}

/** A metric the API sends as is. */
const sent = (name: MetricName) => (inputs: MetricInputs) => inputs[name];


export const METRIC_DEFINITIONS: readonly MetricDefinition[] = [
  { name: "tokenCount", value: sent("tokenCount"), label: "Tokens", definition: "Number of output tokens.", format: formatCount },
  {
    name: "avgLogprob",
    value: sent("avgLogprob"),
    label: "Avg logprob",
    definition: "avgLogprob = mean logprob over tokens with a finite logprob.",
    format: (v) => formatNumber(v, 3),
  },
  { name: "perplexity", value: sent("perplexity"), label: "Perplexity", definition: "perplexity = exp(−avgLogprob).", format: (v) => formatNumber(v, 3) },
  {
    name: "sumLogprob",
    value: sent("sumLogprob"),
    label: "Sum logprob",
    definition: "sumLogprob = sum of the finite logprobs: the log-likelihood of the whole output.",
    format: (v) => formatNumber(v),
  },
  {
    name: "lengthNormalizedLogprob",
    value: sent("lengthNormalizedLogprob"),
    label: "Length-normalized",
    definition: `lengthNormalizedLogprob = sumLogprob / n^α (n = tokens with a finite logprob; α = LOUPE_LENGTH_NORM_ALPHA when the response was ingested, default ${DEFAULT_LENGTH_NORM_ALPHA}).`,
    format: (v) => formatNumber(v, 3),
  },
  { name: "minLogprob", value: sent("minLogprob"), label: "Min logprob", definition: "minLogprob = the lowest finite logprob of any token.", format: (v) => formatNumber(v, 3) },
  // The same two numbers in the probability domain; kept as logs here so a long sequence's
  // probability (e^−2000) is written out instead of underflowing to 0.
  {
    name: "sequenceProbability",
    value: (inputs) => (inputs.zeroProbabilityTokens > 0 ? -Infinity : inputs.sumLogprob),
    label: "Sequence probability",
    definition: "sequenceProbability = exp(sumLogprob): the probability of the whole output, token by token; 0 when any token had probability 0.",
    format: formatProbabilityOfLogprob,
  },
  {
    name: "minTokenProbability",
    value: (inputs) => (inputs.zeroProbabilityTokens > 0 ? -Infinity : inputs.minLogprob),
    label: "Min token probability",
    definition: "minTokenProbability = exp(minLogprob): the probability of the least likely token; 0 when any token had probability 0.",
    format: formatProbabilityOfLogprob,
  },
  {
    name: "meanEntropyBits",
    value: sent("meanEntropyBits"),
    label: "Mean entropy",
    definition: `Mean of entropyBits over tokens that have it. ${SIGNAL_DEFINITIONS.entropyBits}`,
    format: formatBits,
  },
  { name: "maxEntropyBits", value: sent("maxEntropyBits"), label: "Max entropy", definition: "maxEntropyBits = the highest entropyBits of any token.", format: formatBits },
  { name: "meanMargin", value: sent("meanMargin"), label: "Mean margin", definition: `Mean margin over tokens that have one. ${SIGNAL_DEFINITIONS.margin}`, format: formatNats },
  {
    name: "lowConfidenceRatio",
    value: sent("lowConfidenceRatio"),
    label: "Low-confidence share",
    definition: `lowConfidenceRatio = share of tokens with logprob < ${formatSignedCount(LOW_CONFIDENCE_LOGPROB)}.`,
    format: formatShare,
  },
  {
    name: "suddenDrops",
    value: sent("suddenDrops"),
    label: "Sudden drops",
    definition: `suddenDrops = count of i ≥ 1 with logprob[i−1] − logprob[i] > ${SUDDEN_DROP_NATS}.`,
    format: formatCount,
  },
  {
    name: "hotspotCount",
    value: sent("hotspotCount"),
    label: "Hotspots",
    definition: `hotspots = tokens with entropy > ${HOTSPOT_ENTROPY_BITS} bits.`,
    format: formatCount,
  },
];
