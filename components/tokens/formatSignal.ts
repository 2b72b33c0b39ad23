import { formatSigned, formatSignedCount, withMinus } from "@/components/format/number";

/** Number formats of the token view; negatives use the shared U+2212 minus (components/format/number.ts). */

/**
 * A probability as a percentage with the precision that tells values apart:
 * one decimal from 10% (60.7%), two below (4.98%), two significant digits below 1%
 * (0.045%), exponent below 0.001% (3.1e-7%). Never "100%" for a value short of 1.
 */
export function formatProbability(probability: number | null): string {
  if (probability === null || Number.isNaN(probability)) return "n/a";
  if (probability >= 1) return "100%";
  if (probability <= 0) return "0%";
  const percent = probability * 100;
  if (percent >= 10) {
    for (let digits = 1; digits <= 6; digits++) {
      const text = percent.toFixed(digits);
      if (Number(text) < 100) return `${text}%`;
    }
    return ">99.9999%";
  }
  if (percent >= 1) return `${percent.toFixed(2)}%`;
  if (percent >= 0.001) return `${percent.toPrecision(2)}%`;
  return `${withMinus(percent.toExponential(1))}%`;
}

/** Below this, exp() underflows to 0 in double precision (e^−745 ≈ 5e−324). */
const EXP_UNDERFLOW = -700;

/**
 * The probability exp(logprob) as formatProbability writes it, for any logprob: a sequence's
 * sumLogprob of −2,000 is a probability of 10^−866.6, which exp() would round to "0%". −∞ is 0%.
 */
export function formatProbabilityOfLogprob(logprob: number | null): string {
  if (logprob === null || Number.isNaN(logprob)) return "n/a";
  if (logprob >= EXP_UNDERFLOW) return formatProbability(Math.exp(logprob));
  if (logprob === -Infinity) return "0%";
  // percent = 10^(logprob / ln 10 + 2), written as mantissa e exponent.
  const log10Percent = logprob / Math.LN10 + 2;
  const exponent = Math.floor(log10Percent);
  let mantissa = 10 ** (log10Percent - exponent);
  let shown = exponent;
  if (Number(mantissa.toFixed(1)) >= 10) {
    mantissa /= 10;
    shown += 1;
  }
  return `${mantissa.toFixed(1)}e${withMinus(String(shown))}%`;
}

/** Logprob in nats, 3 decimals; null is −∞ or absent (the API sends both as null). */
export function formatLogprob(logprob: number | null): string {
  if (logprob === null) return "n/a";
  return formatSigned(logprob, 3);
}

export function formatBits(bits: number | null): string {
  if (bits === Infinity) return "∞ bits";
  return bits === null ? "n/a" : `${bits.toFixed(2)} bits`;
}

export function formatNats(nats: number | null): string {
  return nats === null ? "n/a" : `${formatSigned(nats, 2)} nats`;
}

/** A measured number with `digits` decimals, so a column of them lines up. */
export function formatNumber(value: number | null, digits = 2): string {
  return value === null ? "n/a" : formatSigned(value, digits);
}

/** A count, with thousands separators. */
export function formatCount(value: number | null): string {
  return value === null ? "n/a" : formatSignedCount(value);
}

/** A share in [0, 1] as a percentage with one decimal. */
export function formatShare(share: number | null): string {
  return share === null ? "n/a" : `${(share * 100).toFixed(1)}%`;
}
