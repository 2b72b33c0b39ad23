/**
 * The one place signed numbers are written for the screen: a real minus sign (U+2212), as in
 * print, never the ASCII hyphen-minus, so columns of signed numbers align and read as math.
 * Every view's formatters build on these, so "−0.411" reads the same on the overview, in the
 * explorer and in the token view.
 */
export const MINUS = "\u2212";

/** A number already written by toFixed/toPrecision/toExponential/toLocaleString, with its minus signs made U+2212. */
export function withMinus(text: string): string {
  return text.replaceAll("-", MINUS);
}

/** `value` with `digits` decimals and a U+2212 minus; −∞ and ∞ as symbols; NaN as "—"; −0 as 0. */
export function formatSigned(value: number, digits: number): string {
  if (Number.isNaN(value)) return "—";
  if (value === -Infinity) return `${MINUS}∞`;
  if (value === Infinity) return "∞";
  const text = value.toFixed(digits);
  // A value that rounds to zero shows no sign: "−0.000" would claim a direction it does not have.
  return Number(text) === 0 ? text.replace("-", "") : withMinus(text);
}

/** A whole number with thousands separators (1,234) and a U+2212 minus. */
export function formatSignedCount(value: number): string {
  return withMinus(value.toLocaleString("en-US"));
}

/** A detector's value or threshold as the alert views show it: counts whole (1,204), others to 3 decimals under 1 and 2 above (−0.412, −3.50). */
export function formatDetectorValue(value: number): string {
  return Number.isInteger(value) ? formatSignedCount(value) : formatSigned(value, Math.abs(value) < 1 ? 3 : 2);
}

/** A change, always signed: "+1.2", "−0.3" (zero reads "+0.0"). */
export function formatChange(value: number, digits: number): string {
  const text = formatSigned(value, digits);
  return text.startsWith(MINUS) ? text : `+${text}`;
}
