/**
 * The one place signed numbers are written for the screen: a real minus sign (U+2212), as in
 * print, never the ASCII hyphen-minus. Every view's formatters build on these, so "−0.411" reads
 * the same on the overview, in the explorer and in the token view.
 */
export const MINUS = "\u2212";

/** A number already written by toFixed/toPrecision/toExponential/toLocaleString, with its minus signs made U+2212. */
export function withMinus(text: string): string {
  return text.replaceAll("-", MINUS);
}

/** `value` with `digits` decimals and a U+2212 minus; −∞ and +∞ as symbols; −0 as 0. */
export function formatSigned(value: number, digits: number): string {
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
