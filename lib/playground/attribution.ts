/**
 * Leave-one-out prompt attribution. For each prompt token i, the prompt is rebuilt without
 * that token's text, and the SAME response text (the run's output, unchanged) is scored after
 * it: S_i = Σ logprob of the response's tokens given the shortened prompt, read from the
 * provider's prompt logprobs of `prompt_i + response` (one request with `max_tokens: 1` and
 * `prompt_logprobs`). The token's attribution is Δ_i = S − S_i, where S scores the response
 * after the full prompt the same way: positive when the token made the response more likely.
 * Ranked by |Δ_i|, largest first.
 */

export const MAX_ATTRIBUTION_TOKENS = 64;

export interface TokenSpan {
  start: number;
  end: number;
}

/**
 * Where each prompt token sits in the prompt text, aligned from the end: special tokens the
 * provider adds before the text (BOS, chat template) fall before the start and get null.
 */
export function promptTokenSpans(prompt: string, tokenTexts: readonly string[]): (TokenSpan | null)[] {
  const spans: (TokenSpan | null)[] = new Array<TokenSpan | null>(tokenTexts.length).fill(null);
  let end = prompt.length;
  for (let i = tokenTexts.length - 1; i >= 0; i--) {
    const text = tokenTexts[i] as string;
    const start = end - text.length;
    if (text.length === 0 || start < 0 || prompt.slice(start, end) !== text) break;
    spans[i] = { start, end };
    end = start;
  }
  return spans;
}

/** The prompt with one span's text removed. */
export function withoutSpan(prompt: string, span: TokenSpan): string {
  return prompt.slice(0, span.start) + prompt.slice(span.end);
}

/**
 * Σ logprob of the tokens covering the last `continuationChars` characters of a scored text
 * (`prompt + response`), counted from the end: a token straddling the boundary counts with the
 * response. Null when a token on the response side has no logprob.
 */
export function continuationLogprob(scored: ReadonlyArray<{ token: string; logprob: number | null }>, continuationChars: number): number | null {
  let covered = 0;
  let sum = 0;
  for (let i = scored.length - 1; i >= 0 && covered < continuationChars; i--) {
    const token = scored[i] as { token: string; logprob: number | null };
    if (token.logprob === null || !Number.isFinite(token.logprob)) return null;
    sum += token.logprob;
    covered += token.token.length;
  }
  return covered >= continuationChars ? sum : null;
}

export interface AttributionEntry {
  /** Position in the prompt's tokens. */
  index: number;
  token: string;
  /** S − S_i in nats; null when the shortened prompt could not be scored. */
  delta: number | null;
}

/** Ranked by |Δ| (largest first); unscored tokens last, in prompt order. */
export function rankAttribution(entries: readonly AttributionEntry[]): AttributionEntry[] {
  return [...entries].sort((a, b) => {
    if (a.delta === null || b.delta === null) return a.delta === null ? (b.delta === null ? a.index - b.index : 1) : -1;
    return Math.abs(b.delta) - Math.abs(a.delta) || a.index - b.index;
  });
}
