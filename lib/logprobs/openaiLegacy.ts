/**
 * OpenAI legacy Completions (`object: "text_completion"`), also vLLM's `/v1/completions`.
 *
 * choices[i].logprobs = { tokens: string[], token_logprobs: (number|null)[],
 *                         top_logprobs: ({token: logprob} | null)[], text_offset: number[] }
 */
import {
  expectArray,
  expectRecord,
  invalid,
  isRecord,
  joinTokens,
  noLogprobs,
  normalizeLogprob,
  optionalString,
  unixSecondsToDate,
  type JsonObject,
  escapedBytesToken,
} from "./guards";
import { readChoiceIndex } from "./openaiChat";
import type { NormalizedToken, ParsedPayload, ParsedSample, SourceFormat, TokenAlternative } from "./types";

/**
 * The parallel-arrays logprobs shape shared by legacy completions and Together:
 * `tokens[i]`, `token_logprobs[i]` (null for the first echoed prompt token) and, when
 * present, `top_logprobs[i]` as a `{token: logprob}` dict (or null), sorted here by logprob.
 */
export function readParallelTokenLists(logprobs: JsonObject, path: string): NormalizedToken[] {
  const tokens = expectArray(logprobs.tokens, `${path}.tokens`);
  const tokenLogprobs = expectArray(logprobs.token_logprobs, `${path}.token_logprobs`);
  const sameLength = `as long as ${path}.tokens (${tokens.length} entries)`;
  if (tokenLogprobs.length !== tokens.length) {
    throw invalid(`${path}.token_logprobs`, `${sameLength}, has ${tokenLogprobs.length}`);
  }
  const topLists =
    logprobs.top_logprobs == null ? null : expectArray(logprobs.top_logprobs, `${path}.top_logprobs`);
  if (topLists !== null && topLists.length !== tokens.length) {
    throw invalid(`${path}.top_logprobs`, `${sameLength}, has ${topLists.length}`);
  }

  const out: NormalizedToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (typeof token !== "string") throw invalid(`${path}.tokens[${i}]`, "a string", token);
    const logprob = tokenLogprobs[i];
    if (logprob !== null && typeof logprob !== "number") {
      throw invalid(`${path}.token_logprobs[${i}]`, "a number or null", logprob);
    }
    // A partial character is written `bytes:\xe6\x97`: kept as its bytes, as the chat format has it.
    const escaped = escapedBytesToken(token);
    out.push({
      token: escaped?.token ?? token,
      logprob: logprob === null ? null : normalizeLogprob(logprob),
      bytes: escaped?.bytes ?? null,
      top: topLists === null ? [] : readAlternativeDict(topLists[i], path, i),
    });
  }
  return out;
}

/** `top_logprobs[index]` of the logprobs object at `path`. */
function readAlternativeDict(value: unknown, path: string, index: number): TokenAlternative[] {
  if (value === null || value === undefined) return [];
  if (!isRecord(value)) {
    throw invalid(`${path}.top_logprobs[${index}]`, "an object of {token: logprob} or null", value);
  }
  const alternatives: TokenAlternative[] = [];
  for (const token in value) {
    const logprob = value[token];
    if (typeof logprob !== "number") {
      throw invalid(`${path}.top_logprobs[${index}][${JSON.stringify(token)}]`, "a number", logprob);
    }
    const escaped = escapedBytesToken(token);
    alternatives.push({ token: escaped?.token ?? token, logprob: normalizeLogprob(logprob), bytes: escaped?.bytes ?? null });
  }
  // Dicts have no order to keep (and JS reorders integer-like keys): most probable first.
  return alternatives.sort((a, b) => b.logprob - a.logprob);
}

/** `usage.prompt_tokens` when present and sane, else null. */
function readPromptTokenCount(root: JsonObject): number | null {
  if (!isRecord(root.usage)) return null;
  const count = root.usage.prompt_tokens;
  return typeof count === "number" && Number.isInteger(count) && count >= 0 ? count : null;
}

interface EchoSplit {
  promptTokens: NormalizedToken[] | null;
  outputTokens: NormalizedToken[];
}

/**
 * Separates echoed prompt tokens from output tokens.
 *
 * The request (`echo: true`) is not in the payload, so echo is inferred: the first token of an
 * echoed prompt has no logprob (`token_logprobs[0] === null`). The prompt length then comes from
 * `usage.prompt_tokens`, which is in the payload: the first that many tokens are the prompt.
 * Without usage, nothing is split and the null-logprob token stays in the output.
 * With several prompts in one request usage sums them, so the count is clamped to the list.
 */
function splitEchoedPrompt(tokens: NormalizedToken[], promptTokenCount: number | null): EchoSplit {
  const first = tokens[0];
  if (first === undefined || first.logprob !== null || promptTokenCount === null) {
    return { promptTokens: null, outputTokens: tokens };
  }
  const count = Math.min(promptTokenCount, tokens.length);
  return { promptTokens: tokens.slice(0, count), outputTokens: tokens.slice(count) };
}

/** Output text without the echoed prompt: `text` minus the prompt prefix, else the output tokens joined. */
function stripEchoedPrompt(text: string, prompt: string, outputTokens: NormalizedToken[]): string {
  return text.startsWith(prompt) ? text.slice(prompt.length) : joinTokens(outputTokens);
}

export interface CompletionParseResult {
  parsed: ParsedPayload;
  sawLogprobs: boolean;
}

/** Parses a text_completion without deciding whether missing logprobs are an error (vLLM reuses it). */
export function parseTextCompletion(payload: unknown, format: SourceFormat): CompletionParseResult {
  const root = expectRecord(payload, "");
  const choices = expectArray(root.choices, "choices");
  const promptTokenCount = readPromptTokenCount(root);
  const samples: ParsedSample[] = [];
  let promptTokens: NormalizedToken[] | null = null;
  let prompt: string | null = null;
  let sawLogprobs = false;

  for (let i = 0; i < choices.length; i++) {
    const path = `choices[${i}]`;
    const choice = expectRecord(choices[i], path);
    const text = optionalString(choice.text, `${path}.text`) ?? "";
    let tokens: NormalizedToken[] = [];
    let outputText = text;
    if (choice.logprobs != null) {
      sawLogprobs = true;
      const logprobsPath = `${path}.logprobs`;
      const all = readParallelTokenLists(expectRecord(choice.logprobs, logprobsPath), logprobsPath);
      const split = splitEchoedPrompt(all, promptTokenCount);
      tokens = split.outputTokens;
      if (split.promptTokens !== null) {
        const echoed = joinTokens(split.promptTokens);
        outputText = stripEchoedPrompt(text, echoed, tokens);
        promptTokens ??= split.promptTokens;
        prompt ??= echoed;
      }
    }
    samples.push({
      sampleIndex: readChoiceIndex(choice, i, path),
      outputText,
      finishReason: optionalString(choice.finish_reason, `${path}.finish_reason`),
      tokens,
    });
  }
  return {
    parsed: {
      format,
      providerId: optionalString(root.id, "id"),
      model: optionalString(root.model, "model"),
      createdAt: unixSecondsToDate(root.created, "created"),
      promptTokens,
      prompt,
      samples,
    },
    sawLogprobs,
  };
}

export function parseOpenAILegacy(payload: unknown): ParsedPayload {
  const { parsed, sawLogprobs } = parseTextCompletion(payload, "openai-legacy");
  if (!sawLogprobs) throw noLogprobs("every choices[].logprobs is null or absent");
  return parsed;
}
