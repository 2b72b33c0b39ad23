import type { Token } from "node-llama-cpp";
import type { LoadedModel } from "./localRuntime";
import { seededRandom } from "./seededRandom";

/**
 * Generation on a local model with real per-token distributions (README, "OpenAI-compatible
 * endpoint", "Logprobs"). Loupe samples in JS from the model's full logits so every number it
 * reports is defined in one place:
 *   logprob(token) = ln softmax(logits + tokenBias)[token]      (temperature 1, before top_p)
 * i.e. the model's own distribution (like vLLM's default raw logprobs), whatever temperature and
 * top_p the request samples with; temperature 0 picks the argmax (llama.cpp's greedy sampler).
 */
export interface TokenChoice {
  id: Token;
  /** The piece's text (a piece that is part of a multi-byte character decodes to U+FFFD here). */
  text: string;
  /** The piece's raw UTF-8 bytes. */
  bytes: number[];
  logprob: number;
}

export interface GeneratedToken extends TokenChoice {
  /** The `topK` most probable tokens at this position, most probable first. */
  top: TokenChoice[];
}

export interface PromptToken extends Omit<TokenChoice, "logprob"> {
  /** null for the first prompt token (nothing before it is scored). */
  logprob: number | null;
  /** 1-based rank of this token in its position's distribution (vLLM's `rank`); null with the logprob. */
  rank: number | null;
  top: TokenChoice[];
}

export interface SamplingParams {
  temperature: number;
  topP: number;
  seed: number;
  maxTokens: number;
  /** How many alternatives to report per generated token. */
  topK: number;
}

const lossyUtf8 = new TextDecoder("utf-8", { fatal: false });

/** One position's distribution: token ids by logprob (temperature 1, with the model's token bias), highest first. */
interface Distribution {
  ids: Token[];
  logprobs: Float64Array;
}

function distributionOf(logits: Map<Token, number>, bias: Map<Token, number>): Distribution {
  const entries: [Token, number][] = [];
  for (const [id, logit] of logits) entries.push([id, logit + (bias.get(id) ?? 0)]);
  if (bias.size > 0) entries.sort((a, b) => b[1] - a[1]);
  const max = entries[0]?.[1] ?? 0;
  let sum = 0;
  for (const [, logit] of entries) sum += Math.exp(logit - max);
  const logZ = max + Math.log(sum);
  return { ids: entries.map(([id]) => id), logprobs: Float64Array.from(entries, ([, logit]) => logit - logZ) };
}

function choiceOf(loaded: LoadedModel, id: Token, logprob: number): TokenChoice {
  const bytes = loaded.pieceBytes(id);
  return { id, text: lossyUtf8.decode(bytes), bytes: Array.from(bytes), logprob };
}

function topOf(loaded: LoadedModel, dist: Distribution, k: number): TokenChoice[] {
  const top: TokenChoice[] = [];
  for (let i = 0; i < Math.min(k, dist.ids.length); i++) top.push(choiceOf(loaded, dist.ids[i] as Token, dist.logprobs[i] as number));
  return top;
}

function logprobOf(dist: Distribution, id: Token): { logprob: number; rank: number } {
  const index = dist.ids.indexOf(id);
  return index < 0 ? { logprob: -Infinity, rank: dist.ids.length + 1 } : { logprob: dist.logprobs[index] as number, rank: index + 1 };
}

/** Temperature-scaled, top_p-truncated draw; temperature 0 is the argmax. */
function pick(dist: Distribution, params: SamplingParams, random: () => number): number {
  if (params.temperature <= 0 || dist.ids.length === 1) return 0;
  const weights = Array.from(dist.logprobs, (logprob) => Math.exp((logprob - (dist.logprobs[0] as number)) / params.temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  // Nucleus: the smallest head of the (sorted) distribution whose mass reaches top_p.
  let kept = weights.length;
  if (params.topP < 1) {
    let mass = 0;
    for (let i = 0; i < weights.length; i++) {
      mass += (weights[i] as number) / total;
      if (mass >= params.topP) {
        kept = i + 1;
        break;
      }
    }
  }
  let keptTotal = 0;
  for (let i = 0; i < kept; i++) keptTotal += weights[i] as number;
  let u = random() * keptTotal;
  for (let i = 0; i < kept; i++) {
    u -= weights[i] as number;
    if (u < 0) return i;
  }
  return kept - 1;
}

/** The prompt as the model sees it: BOS first when the model wants one. */
export function withBos(loaded: LoadedModel, tokens: Token[]): Token[] {
  const bos = loaded.model.tokens.bos;
  return bos !== null && loaded.model.tokens.shouldPrependBosToken && tokens[0] !== bos ? [bos, ...tokens] : tokens;
}

export interface PromptEvaluation {
  /** The prompt's tokens (without BOS) with their logprobs (the first null), when asked for. */
  promptTokens: PromptToken[] | null;
  next: Distribution;
}

/**
 * Evaluates the prompt into the model's (cleared) sequence. With `promptTopK` not null, scores
 * every prompt token given the ones before it and keeps `promptTopK` alternatives per position.
 */
export async function evaluatePrompt(loaded: LoadedModel, prompt: Token[], promptTopK: number | null): Promise<PromptEvaluation> {
  const input = withBos(loaded, prompt);
  const skipped = input.length - prompt.length;
  await loaded.sequence.clearHistory();
  const scoreAll = promptTopK !== null;
  const results = await loaded.sequence.controlledEvaluate(
    input.map((token, index) => (scoreAll || index === input.length - 1 ? [token, { generateNext: { logits: true } }] : token)),
  );
  const distAt = (index: number): Distribution => {
    const logits = results[index]?.next.logits;
    if (!logits) throw new Error(`llama.cpp returned no logits for position ${index}`);
    return distributionOf(logits, loaded.biasByToken);
  };
  let promptTokens: PromptToken[] | null = null;
  if (scoreAll) {
    promptTokens = prompt.map((id, index) => {
      const { text, bytes } = choiceOf(loaded, id, 0);
      // The first prompt token is not scored, as in OpenAI's legacy echo and vLLM's prompt_logprobs
      // (even where a BOS token precedes it), so every reader finds the convention it knows.
      if (index === 0) return { id, text, bytes, logprob: null, rank: null, top: [] };
      const dist = distAt(index + skipped - 1);
      const { logprob, rank } = logprobOf(dist, id);
      return { id, text, bytes, logprob, rank, top: topOf(loaded, dist, promptTopK) };
    });
  }
  return { promptTokens, next: distAt(input.length - 1) };
}

export type FinishReason = "stop" | "length";

/**
 * Samples up to `params.maxTokens` tokens after an evaluated prompt, yielding each with its
 * logprob and alternatives; returns why it ended (`stop` at an end-of-generation token, `length`
 * at max_tokens or the end of the context). The caller stops early (stop strings, abort) by
 * leaving the loop.
 */
export async function* sampleTokens(
  loaded: LoadedModel,
  first: Distribution,
  params: SamplingParams,
  signal?: AbortSignal,
): AsyncGenerator<GeneratedToken, FinishReason> {
  const random = seededRandom(params.seed);
  let dist = first;
  for (let produced = 0; produced < params.maxTokens; produced++) {
    signal?.throwIfAborted();
    const index = pick(dist, params, random);
    const id = dist.ids[index] as Token;
    if (loaded.model.isEogToken(id)) return "stop";
    yield { ...choiceOf(loaded, id, dist.logprobs[index] as number), top: topOf(loaded, dist, params.topK) };
    if (produced + 1 >= params.maxTokens) break;
    if (loaded.sequence.nextTokenIndex >= loaded.sequence.contextSize) return "length";
    const [result] = await loaded.sequence.controlledEvaluate([[id, { generateNext: { logits: true } }]]);
    const logits = result?.next.logits;
    if (!logits) throw new Error("llama.cpp returned no logits");
    dist = distributionOf(logits, loaded.biasByToken);
  }
  return "length";
}
