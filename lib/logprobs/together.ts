/**
 * Together AI chat and completions. Logprobs come as parallel arrays without alternatives:
 * choices[i].logprobs = { tokens: string[], token_logprobs: number[], token_ids?: number[] }.
 * Chat choices carry `message.content`, completion choices carry `text`. With `echo`, the
 * prompt's tokens come back in the top-level `prompt: [{text, logprobs: {...same...}}]`.
 */
import {
  expectArray,
  expectRecord,
  isRecord,
  joinTokens,
  noLogprobs,
  optionalString,
  unixSecondsToDate,
  type JsonObject,
} from "./guards";
import { readChoiceIndex } from "./openaiChat";
import { readParallelTokenLists } from "./openaiLegacy";
import type { NormalizedToken, ParsedPayload, ParsedSample } from "./types";

function togetherOutputText(choice: JsonObject, path: string, tokens: NormalizedToken[]): string {
  if (choice.message != null) {
    const message = expectRecord(choice.message, `${path}.message`);
    const content = optionalString(message.content, `${path}.message.content`);
    if (content !== null) return content;
  }
  return optionalString(choice.text, `${path}.text`) ?? joinTokens(tokens);
}

/** The echoed prompt (`prompt[0]`), when the request asked for it. */
function readEchoedPrompt(root: JsonObject): { text: string | null; tokens: NormalizedToken[] | null } {
  if (!Array.isArray(root.prompt) || root.prompt.length === 0) return { text: null, tokens: null };
  const first = expectRecord(root.prompt[0], "prompt[0]");
  const text = optionalString(first.text, "prompt[0].text");
  const tokens = isRecord(first.logprobs)
    ? readParallelTokenLists(first.logprobs, "prompt[0].logprobs")
    : null;
  return { text, tokens };
}

export function parseTogether(payload: unknown): ParsedPayload {
  const root = expectRecord(payload, "");
  const choices = expectArray(root.choices, "choices");
  const samples: ParsedSample[] = [];
  let sawLogprobs = false;
  for (let i = 0; i < choices.length; i++) {
    const path = `choices[${i}]`;
    const choice = expectRecord(choices[i], path);
    let tokens: NormalizedToken[] = [];
    if (choice.logprobs != null) {
      sawLogprobs = true;
      tokens = readParallelTokenLists(expectRecord(choice.logprobs, `${path}.logprobs`), `${path}.logprobs`);
    }
    samples.push({
      sampleIndex: readChoiceIndex(choice, i, path),
      outputText: togetherOutputText(choice, path, tokens),
      finishReason: optionalString(choice.finish_reason, `${path}.finish_reason`),
      tokens,
    });
  }
  if (!sawLogprobs) throw noLogprobs("every choices[].logprobs is null or absent");
  const echoed = readEchoedPrompt(root);
  return {
    format: "together",
    providerId: optionalString(root.id, "id"),
    model: optionalString(root.model, "model"),
    createdAt: unixSecondsToDate(root.created, "created"),
    promptTokens: echoed.tokens,
    prompt: echoed.text,
    samples,
  };
}
