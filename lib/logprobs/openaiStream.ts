/**
 * Streamed OpenAI chat completions: an array of `chat.completion.chunk` objects, or the raw
 * SSE text (`data: {...}` events, `data: [DONE]`), assembled into one payload per request.
 * Per choice index: delta.content and logprobs.content are concatenated in arrival order and
 * the finish_reason is taken when it appears. Usage-only chunks (`choices: []`) are skipped.
 */
import {
  expectArray,
  expectRecord,
  isRecord,
  joinTokens,
  noLogprobs,
  optionalString,
  unixSecondsToDate,
} from "./guards";
import { chooseChatTokens, parseChatLogprobsContent, readChoiceIndex } from "./openaiChat";
import { ParseError, type NormalizedToken, type ParsedPayload, type ParsedSample } from "./types";

/**
 * SSE text -> the JSON value of each event's data, in order; `[DONE]` is dropped.
 * Follows the SSE rules that matter here: events end at a blank line, several `data:` lines
 * of one event join with "\n", other fields (`event:`, `id:`) and `:` comments are ignored.
 */
export function parseSseEvents(text: string): unknown[] {
  const events: unknown[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  let data: string[] = [];
  let eventLine = 0;
  const dispatch = () => {
    if (data.length === 0) return;
    const body = data.join("\n");
    data = [];
    if (body.trim() === "[DONE]") return;
    try {
      events.push(JSON.parse(body));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ParseError("invalid_payload", `SSE event at line ${eventLine} is not valid JSON: ${reason}`);
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line === "") {
      dispatch();
    } else if (line.startsWith("data:")) {
      if (data.length === 0) eventLine = i + 1;
      data.push(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5));
    }
  }
  dispatch();
  return events;
}

/**
 * True when the text is SSE rather than JSON or NDJSON, by its first non-blank line: an SSE
 * field (`data:`, `event:`, `id:`, `retry:`) or a `:` comment. JSON and NDJSON cannot start so.
 */
export function looksLikeSse(text: string): boolean {
  const start = text.trimStart();
  return /^(?:data|event|id|retry)(?::|\r?\n|$)|^:/.test(start.slice(0, 16));
}

interface ChoiceAccumulator {
  index: number;
  content: string | null;
  refusal: string | null;
  contentTokens: NormalizedToken[] | null;
  refusalTokens: NormalizedToken[] | null;
  finishReason: string | null;
}

function appendTokens(target: NormalizedToken[] | null, more: NormalizedToken[]): NormalizedToken[] {
  if (target === null) return more;
  for (const token of more) target.push(token);
  return target;
}

/** Chunks (array, SSE text, or a single chunk object) -> one assembled payload. */
export function parseOpenAIChatStream(payload: unknown): ParsedPayload {
  const chunks =
    typeof payload === "string"
      ? parseSseEvents(payload)
      : isRecord(payload)
        ? [payload]
        : expectArray(payload, "");
  const byIndex = new Map<number, ChoiceAccumulator>();
  let providerId: string | null = null;
  let model: string | null = null;
  let createdAt: Date | null = null;

  for (let i = 0; i < chunks.length; i++) {
    const path = `chunks[${i}]`;
    const chunk = expectRecord(chunks[i], path);
    if (isRecord(chunk.error)) {
      const message = typeof chunk.error.message === "string" ? chunk.error.message : "unknown error";
      throw new ParseError("invalid_payload", `${path} is a stream error event: ${message}`);
    }
    // Some chunks (e.g. Azure's prompt-filter chunk) carry an empty id/model and created 0:
    // keep the first real ones.
    providerId ||= optionalString(chunk.id, `${path}.id`);
    model ||= optionalString(chunk.model, `${path}.model`);
    if (createdAt === null && chunk.created !== 0) {
      createdAt = unixSecondsToDate(chunk.created, `${path}.created`);
    }
    if (chunk.choices == null) continue;
    const choices = expectArray(chunk.choices, `${path}.choices`);
    for (let j = 0; j < choices.length; j++) {
      const choicePath = `${path}.choices[${j}]`;
      const choice = expectRecord(choices[j], choicePath);
      const index = readChoiceIndex(choice, j, choicePath);
      let acc = byIndex.get(index);
      if (acc === undefined) {
        acc = {
          index,
          content: null,
          refusal: null,
          contentTokens: null,
          refusalTokens: null,
          finishReason: null,
        };
        byIndex.set(index, acc);
      }
      if (choice.delta != null) {
        const delta = expectRecord(choice.delta, `${choicePath}.delta`);
        const content = optionalString(delta.content, `${choicePath}.delta.content`);
        if (content !== null) acc.content = (acc.content ?? "") + content;
        const refusal = optionalString(delta.refusal, `${choicePath}.delta.refusal`);
        if (refusal !== null) acc.refusal = (acc.refusal ?? "") + refusal;
      }
      if (choice.logprobs != null) {
        const logprobs = expectRecord(choice.logprobs, `${choicePath}.logprobs`);
        if (logprobs.content != null) {
          const tokens = parseChatLogprobsContent(logprobs.content, `${choicePath}.logprobs.content`);
          acc.contentTokens = appendTokens(acc.contentTokens, tokens);
        }
        if (logprobs.refusal != null) {
          const tokens = parseChatLogprobsContent(logprobs.refusal, `${choicePath}.logprobs.refusal`);
          acc.refusalTokens = appendTokens(acc.refusalTokens, tokens);
        }
      }
      const finishReason = optionalString(choice.finish_reason, `${choicePath}.finish_reason`);
      if (finishReason !== null) acc.finishReason = finishReason;
    }
  }

  const samples: ParsedSample[] = [];
  let sawLogprobs = false;
  for (const acc of [...byIndex.values()].sort((a, b) => a.index - b.index)) {
    const tokens = chooseChatTokens(acc.contentTokens, acc.refusalTokens);
    if (tokens !== null) sawLogprobs = true;
    samples.push({
      sampleIndex: acc.index,
      // `||`, not `??`: the first chunk's `content: ""` must not hide a refusal.
      outputText: acc.content || acc.refusal || joinTokens(tokens ?? []),
      finishReason: acc.finishReason,
      tokens: tokens ?? [],
    });
  }
  if (!sawLogprobs) {
    throw noLogprobs(samples.length === 0 ? "the stream has no choices" : "no chunk has choices[].logprobs");
  }
  return {
    format: "openai-chat-stream",
    providerId,
    model,
    createdAt,
    promptTokens: null,
    prompt: null,
    samples,
  };
}
