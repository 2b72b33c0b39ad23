/** Number formats of the token view; a real minus sign (−) for negatives, as in print. */
const MINUS = "\u2212";

function signed(text: string): string {
  return text.startsWith("-") ? MINUS + text.slice(1) : text;
}

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
  return `${percent.toExponential(1).replace("e-", "e−")}%`;
}

/** Logprob in nats, 3 decimals; null is −∞ or absent (the API sends both as null). */
export function formatLogprob(logprob: number | null): string {
  if (logprob === null) return "n/a";
  if (logprob === -Infinity) return `${MINUS}∞`;
  return signed(logprob.toFixed(3));
}

export function formatBits(bits: number | null): string {
  return bits === null ? "n/a" : `${bits.toFixed(2)} bits`;
}

export function formatNats(nats: number | null): string {
  return nats === null ? "n/a" : `${signed(nats.toFixed(2))} nats`;
}

/** A measured number with `digits` decimals, so a column of them lines up. */
export function formatNumber(value: number | null, digits = 2): string {
  return value === null ? "n/a" : signed(value.toFixed(digits));
}

/** A count, with thousands separators. */
export function formatCount(value: number | null): string {
  return value === null ? "n/a" : signed(value.toLocaleString("en-US"));
}

/** A share in [0, 1] as a percentage with one decimal. */
export function formatShare(share: number | null): string {
  return share === null ? "n/a" : `${(share * 100).toFixed(1)}%`;
}
