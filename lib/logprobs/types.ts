/**
 * The one normalized shape every provider format is parsed into.
 *
 * Logprobs are natural-log probabilities. `-Infinity` stands for "probability 0"
 * (vLLM's -9999.0 stand-in, llama.cpp's prob 0); `null` for "no logprob given"
 * (e.g. the first prompt token with OpenAI legacy `echo`).
 */

export const SOURCE_FORMATS = [
  "openai-chat",
  "openai-chat-stream",
  "openai-legacy",
  "openai-responses",
  "together",
  "vllm",
  "llamacpp",
  "ollama",
  "loupe",
] as const;

export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export interface TokenAlternative {
  token: string;
  logprob: number;
  /** Raw bytes when the provider sent them (UTF-8 of `token` unless the token is a partial character). */
  bytes: number[] | null;
}

export interface NormalizedToken {
  token: string;
  logprob: number | null;
  bytes: number[] | null;
  /**
   * Top-k alternatives as the provider sent them, most probable first. May include the chosen
   * token, then always as the chosen token (same text and bytes): the parsers match it by
   * token id, else bytes, else text (`alignChosenAlternative`); the metrics find it by text.
   */
  top: TokenAlternative[];
}

/** One generated sample (one choice of one request). */
export interface ParsedSample {
  /** Choice index for n>1 requests; 0 otherwise. */
  sampleIndex: number;
  outputText: string;
  finishReason: string | null;
  tokens: NormalizedToken[];
}

/** What one provider payload yields: request-level fields plus one or more samples. */
export interface ParsedPayload {
  format: SourceFormat;
  /** Provider's response id (e.g. chatcmpl-...), if any. */
  providerId: string | null;
  model: string | null;
  /** Unix time the provider stamped, if any. */
  createdAt: Date | null;
  /** Prompt tokens with logprobs (legacy echo, vLLM prompt_logprobs), kept apart from output. */
  promptTokens: NormalizedToken[] | null;
  /** Prompt text when the payload carries it (legacy echo, llama.cpp `prompt`). */
  prompt: string | null;
  samples: ParsedSample[];
}

export class ParseError extends Error {
  constructor(
    readonly code: "unknown_format" | "invalid_payload" | "no_logprobs",
    message: string,
  ) {
    super(message);
    this.name = "ParseError";
  }
}

/** What the request said that the response alone does not (an envelope's `request.params`). */
export interface ParseHints {
  /** vLLM's `prompt_logprobs` (k): tells the prompt token from its top-k alternatives exactly. */
  promptLogprobs?: number;
}

