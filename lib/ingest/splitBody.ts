import { assertRecordCount, embeddedTextTooDeep, jsonTooDeep, LINE_TOO_LONG_MESSAGE, lineTooLong, TOO_DEEP_MESSAGE } from "./bodyLimits";
import { streamsOf } from "@/lib/logprobs/detect";
import type { IngestInput } from "./ingestRecords";

/**
 * Splits a request body into records: NDJSON (one record per non-blank line), a JSON array,
 * `{"records": [...]}`, or one record. A line that is not JSON, too long or too deep becomes
 * an error at its index; more than BODY_LIMITS.recordsPerBody lines refuse the whole body
 * (413) before any line is parsed.
 */
export function splitNdjson(text: string): IngestInput[] {
  const inputs = ndjsonLines(text);
  // Ollama streams its answer as NDJSON: those lines are one response (or, appended one after
  // the other, one response per stream), not a batch.
  const values = inputs.flatMap((input) => ("value" in input ? [input.value] : []));
  const streams = values.length === inputs.length ? streamsOf(values) : null;
  return streams ? streams.map((value) => ({ value })) : inputs;
}

function ndjsonLines(text: string): IngestInput[] {
  const lines: string[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const line = end === start ? "" : text.slice(start, end).trim();
    start = end + 1;
    if (line === "") continue;
    lines.push(line);
    assertRecordCount(lines.length);
  }
  return lines.map(ndjsonLineInput);
}

function ndjsonLineInput(line: string): IngestInput {
  if (lineTooLong(line)) return { error: { code: "line_too_long", message: LINE_TOO_LONG_MESSAGE } };
  if (jsonTooDeep(line)) return { error: { code: "too_deep", message: `line ${TOO_DEEP_MESSAGE}` } };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { error: { code: "invalid_json", message: `line is not valid JSON: ${(error as Error).message}` } };
  }
  return jsonRecordInput(value);
}

/**
 * The records of a parsed JSON body: the array itself (one record per streamed response when it
 * holds streams: streamsOf), its `records` array, or the body as one record.
 */
export function jsonBodyRecords(body: unknown): unknown[] {
  if (Array.isArray(body)) return streamsOf(body) ?? body;
  if (typeof body === "object" && body !== null && "records" in body && Array.isArray(body.records)) return body.records;
  return [body];
}

export function splitJsonBody(body: unknown): IngestInput[] {
  return jsonBodyRecords(body).map(jsonRecordInput);
}

/** One parsed record, refused at its index when it carries text that nests too deep. */
export function jsonRecordInput(value: unknown): IngestInput {
  if (embeddedTextTooDeep(value)) return { error: { code: "too_deep", message: `record text ${TOO_DEEP_MESSAGE}` } };
  return { value };
}

/** SSE text (README, "Ingest API"): one streamed response, passed to the parser as text. */
export { looksLikeSse as isSseText } from "@/lib/logprobs/openaiStream";
