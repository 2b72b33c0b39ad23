/**
 * OpenAI Responses API (`object: "response"`):
 * output[] items of type "message" hold content[] parts; parts of type "output_text" carry
 * `text` and `logprobs: [{token, logprob, bytes, top_logprobs}]`. Parts of type "refusal"
 * carry only text. A response is one sample; several message items/parts are concatenated.
 */
import {
  expectArray,
  expectRecord,
  isRecord,
  noLogprobs,
  optionalString,
  unixSecondsToDate,
  type JsonObject,
} from "./guards";
import { readTokenEntries } from "./tokenEntries";
import type { NormalizedToken, ParsedPayload } from "./types";

/**
 * The Responses API has no finish_reason: `incomplete_details.reason` when the response was
 * cut short (e.g. "max_output_tokens"), "stop" when `status` is "completed", else the status.
 */
function responsesFinishReason(root: Record<string, unknown>): string | null {
  if (isRecord(root.incomplete_details)) {
    const reason = optionalString(root.incomplete_details.reason, "incomplete_details.reason");
    if (reason !== null) return reason;
  }
  const status = optionalString(root.status, "status");
  return status === "completed" ? "stop" : status;
}

export function parseOpenAIResponses(payload: unknown): ParsedPayload {
  const root = expectRecord(payload, "");
  const output = expectArray(root.output, "output");
  const tokens: NormalizedToken[] = [];
  let text = "";
  let sawTextPart = false;

  for (let i = 0; i < output.length; i++) {
    const itemPath = `output[${i}]`;
    const item = expectRecord(output[i], itemPath);
    if (item.type !== "message") continue; // reasoning, function calls...: no token logprobs
    const content = expectArray(item.content, `${itemPath}.content`);
    for (let j = 0; j < content.length; j++) {
      const partPath = `${itemPath}.content[${j}]`;
      const part = expectRecord(content[j], partPath);
      if (part.type === "output_text") {
        sawTextPart = true;
        text += optionalString(part.text, `${partPath}.text`) ?? "";
        if (part.logprobs != null) {
          const partTokens = readTokenEntries(part.logprobs, `${partPath}.logprobs`);
          for (const token of partTokens) tokens.push(token);
        }
      } else if (part.type === "refusal") {
        text += optionalString(part.refusal, `${partPath}.refusal`) ?? "";
      }
    }
  }

  // The API sends `logprobs: []` when they were not requested, so "no tokens for a non-empty
  // text" is what absent logprobs look like here.
  if (!sawTextPart) throw noLogprobs("output[] has no message with output_text content");
  if (tokens.length === 0 && text.length > 0) {
    throw noLogprobs(
      'every output_text part has empty logprobs (request include: ["message.output_text.logprobs"])',
    );
  }
  return {
    format: "openai-responses",
    providerId: optionalString(root.id, "id"),
    model: optionalString(root.model, "model"),
    createdAt: unixSecondsToDate(root.created_at, "created_at"),
    promptTokens: null,
    prompt: null,
    samples: [{ sampleIndex: 0, outputText: text, finishReason: responsesFinishReason(root), tokens }],
  };
}

const isFinalEvent = (event: JsonObject) => event.type === "response.completed" || event.type === "response.incomplete";

/**
 * A Responses API stream (its SSE events) -> the final response object, with each output_text
 * part's logprobs taken from its `response.output_text.delta` events: those carry full
 * precision, while `response.completed` repeats them rounded (-1.9e-7 becomes -0.0).
 * Null when no event is a final response (`response.completed` / `response.incomplete`).
 */
export function assembleResponsesStream(events: readonly unknown[]): JsonObject | null {
  let final: JsonObject | null = null;
  const deltaLogprobs = new Map<string, unknown[]>();
  for (const event of events) {
    if (!isRecord(event)) continue;
    if (isFinalEvent(event) && isRecord(event.response)) final = event.response;
    if (event.type !== "response.output_text.delta" || !Array.isArray(event.logprobs)) continue;
    const key = `${String(event.output_index)}:${String(event.content_index)}`;
    const list = deltaLogprobs.get(key) ?? [];
    for (const entry of event.logprobs as unknown[]) list.push(entry);
    deltaLogprobs.set(key, list);
  }
  if (final === null || deltaLogprobs.size === 0 || !Array.isArray(final.output)) return final;
  const output = final.output.map((item: unknown, i: number) => {
    if (!isRecord(item) || !Array.isArray(item.content)) return item;
    const content = item.content.map((part: unknown, j: number) => {
      const logprobs = deltaLogprobs.get(`${i}:${j}`);
      return logprobs !== undefined && isRecord(part) && part.type === "output_text" ? { ...part, logprobs } : part;
    });
    return { ...item, content };
  });
  return { ...final, output };
}

/** True when SSE events are a Responses API stream (`type: "response.*"`). */
export function isResponsesStreamEvent(event: unknown): boolean {
  return isRecord(event) && typeof event.type === "string" && event.type.startsWith("response.");
}
