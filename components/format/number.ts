/** The one minus sign the dashboard prints (U+2212), so columns of signed numbers align and read as math. */
export const MINUS = "\u2212";

/**
 * `value` to `digits` decimals with a real minus sign for negatives, and without the "−0.000"
 * that rounding a tiny negative produces. Infinities read "−∞"/"∞"; NaN reads "—".
 */
export function formatSigned(value: number, digits: number): string {
  if (Number.isNaN(value)) return "—";
  if (!Number.isFinite(value)) return value < 0 ? `${MINUS}∞` : "∞";
  const text = Math.abs(value).toFixed(digits);
  return value < 0 && !/^0\.?0*$/.test(text) ? `${MINUS}${text}` : text;
}

/** A change, always signed: "+1.2", "−0.3" (zero reads "+0.0"). */
export function formatChange(value: number, digits: number): string {
  const text = formatSigned(value, digits);
  return text.startsWith(MINUS) ? text : `+${text}`;
}

/** A probability (0..1) as a percentage a person reads at a glance: "66%", "3.1%", "0.04%", "<0.01%". */
export function formatProbability(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return "—";
  const percent = p * 100;
  if (percent === 0) return "0%";
  if (percent < 0.01) return "<0.01%";
  if (percent < 1) return `${percent.toFixed(2)}%`;
  if (percent < 10) return `${percent.toFixed(1)}%`;
  return `${Math.round(percent)}%`;
}

/** A probability that can be astronomically small (a whole sequence): "12%", then "3.4e−7". */
export function formatSequenceProbability(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return "—";
  if (p >= 0.0001 || p === 0) return formatProbability(p);
  const [mantissa, exponent] = p.toExponential(1).split("e");
  return `${mantissa}e${(exponent ?? "").replace("-", MINUS)}`;
}
