import type { TokenDto } from "@/lib/queries/responseDto";

/** One row of a token's popover: a top-k alternative, or the chosen token. */
export interface AlternativeRow {
  token: string;
  bytes: number[] | null;
  /** −∞ for probability 0 (a listed alternative's null, a zero-probability chosen token); null when unknown. */
  logprob: number | null;
  /** exp(logprob); null when unknown. */
  probability: number | null;
  chosen: boolean;
  /** False for the chosen token when the provider's top-k did not include it. */
  listed: boolean;
}

const sameBytes = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/**
 * The popover's rows, most probable first: the provider's top-k alternatives with the chosen
 * one marked, plus the chosen token (marked as not listed) when top-k left it out.
 */
export function alternativeRows(token: Pick<TokenDto, "token" | "logprob" | "bytes" | "top" | "zeroProbability">): AlternativeRow[] {
  let chosenFound = false;
  const rows: AlternativeRow[] = token.top.map((alt) => {
    const bytes = alt.bytes ?? null;
    // Two alternatives can share text and differ in bytes (partial UTF-8): compare bytes when both are known.
    const chosen =
      !chosenFound && alt.token === token.token && (bytes === null || token.bytes === null || sameBytes(bytes, token.bytes));
    if (chosen) chosenFound = true;
    // A listed alternative always had a logprob: null is −∞ (JSON has none).
    const logprob = alt.logprob ?? -Infinity;
    return { token: alt.token, bytes, logprob, probability: Math.exp(logprob), chosen, listed: true };
  });
  if (!chosenFound) {
    const logprob = token.zeroProbability ? -Infinity : token.logprob;
    rows.push({
      token: token.token,
      bytes: token.bytes,
      logprob,
      probability: logprob === null ? null : Math.exp(logprob),
      chosen: true,
      listed: false,
    });
  }
  const rank = (row: AlternativeRow) => row.logprob ?? -Infinity;
  // Stable sort: providers' order is kept among equal logprobs (−∞ − −∞ is NaN: equal too).
  return rows.sort((a, b) => rank(b) - rank(a) || (a.listed === b.listed ? 0 : a.listed ? -1 : 1));
}
