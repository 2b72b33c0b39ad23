/**
 * The prompt's own summary, from its tokens as the API sends them (TokenDto: a null logprob is
 * "not given", e.g. the first token of a legacy `echo`, or −∞ when `zeroProbability` is set).
 * Surprise is the self-information of the token the prompt actually has: −log2 p, in bits.
 */

/** What a prompt token needs to be summarized: the API's token shape, or part of it. */
export interface ScoredToken {
  token: string;
  logprob: number | null;
  zeroProbability?: true;
}

/** −log2 p in bits: ∞ for a probability-0 token, null when no logprob was given. */
export function surprisalBits(token: Pick<ScoredToken, "logprob" | "zeroProbability">): number | null {
  if (token.zeroProbability) return Infinity;
  if (token.logprob === null) return null;
  // A hair above 0 (provider rounding) is no surprise, not a negative one.
  return Math.max(0, -token.logprob / Math.LN2);
}

export interface SurprisingToken {
  index: number;
  token: string;
  surprisalBits: number;
}

export interface PromptTokenSummary {
  /** Prompt tokens stored (may exceed those served, which stop at the API's page size). */
  tokenCount: number;
  /** Tokens with a finite logprob: what the mean is over. */
  scoredCount: number;
  /** Mean logprob over the finite ones (nats); null when there is none. */
  meanLogprob: number | null;
  /** Mean surprise over the finite ones: −meanLogprob / ln 2 (bits). */
  meanSurprisalBits: number | null;
  /** Tokens without a logprob (the first token of an echo) — shown grey, left out of the mean. */
  unscoredCount: number;
  /** The most surprising tokens, most first (probability-0 ones first of all); ties by position. */
  mostSurprising: SurprisingToken[];
}

export function promptTokenSummary(tokens: readonly ScoredToken[], options: { total?: number; top?: number } = {}): PromptTokenSummary {
  const top = options.top ?? 5;
  let sum = 0;
  let scored = 0;
  let unscored = 0;
  const ranked: SurprisingToken[] = [];
  tokens.forEach((token, index) => {
    const bits = surprisalBits(token);
    if (bits === null) {
      unscored++;
      return;
    }
    ranked.push({ index, token: token.token, surprisalBits: bits });
    if (Number.isFinite(bits) && token.logprob !== null) {
      sum += token.logprob;
      scored++;
    }
  });
  ranked.sort((a, b) => b.surprisalBits - a.surprisalBits || a.index - b.index);
  const meanLogprob = scored > 0 ? sum / scored : null;
  return {
    tokenCount: Math.max(options.total ?? 0, tokens.length),
    scoredCount: scored,
    meanLogprob,
    meanSurprisalBits: meanLogprob === null ? null : Math.max(0, -meanLogprob / Math.LN2),
    unscoredCount: unscored,
    mostSurprising: ranked.slice(0, top),
  };
}
