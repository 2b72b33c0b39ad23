import { ApiError } from "@/lib/api/errors";
import { ingestDetectorSettings } from "@/lib/alerts/detectorSettings";
import type { DataLayer } from "@/lib/db/database";
import { assertNotTooDeep, assertRecordCount, textPayloadTooDeep } from "./bodyLimits";
import { prepareInputs, writeBatch, writeBatchInSlices, type IngestOptions, type IngestSummary, type PreparedBatch } from "./ingestRecords";
import { isSseText, jsonBodyRecords, jsonRecordInput, splitNdjson } from "./splitBody";
import { prepareInWorker } from "./workerPool";

/**
 * Parses and scores a raw HTTP body (no database): NDJSON by content type (or by its lines when
 * the body is not one JSON document), raw SSE text, or JSON (one record, an array, or `{records}`). Throws ApiError for a body that is not JSON,
 * nests too deep (400 `too_deep`) or holds too many records (413 `too_many_records`); see
 * BODY_LIMITS. The nesting scan runs before every JSON.parse, so the parsers and the writer
 * never meet a value deep enough to overflow the stack.
 */
export function prepareBody(text: string, contentType: string, options: IngestOptions = {}): PreparedBatch {
  if (/ndjson|jsonlines|jsonl/i.test(contentType)) return prepareNdjson(text, options);
  if (/text\/event-stream/i.test(contentType) || isSseText(text)) {
    assertNotTooDeep(text, textPayloadTooDeep);
    return prepareInputs([{ value: text }], options);
  }
  assertNotTooDeep(text);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    // NDJSON sent as application/json (LiteLLM's generic_api `log_format: ndjson` does so).
    if (looksLikeNdjson(text)) return prepareNdjson(text, options);
    throw new ApiError(400, "invalid_json", `body is not valid JSON: ${(error as Error).message}`);
  }
  const records = jsonBodyRecords(body);
  if (records.length === 0) throw emptyBatch();
  assertRecordCount(records.length);
  return prepareInputs(records.map(jsonRecordInput), options);
}

function prepareNdjson(text: string, options: IngestOptions): PreparedBatch {
  const inputs = splitNdjson(text);
  if (inputs.length === 0) throw emptyBatch();
  return prepareInputs(inputs, options);
}

/** Two or more lines of which the first is a JSON object: NDJSON whatever the content type said. */
function looksLikeNdjson(text: string): boolean {
  const lines = text.split("\n", 3).map((line) => line.trim());
  const first = lines[0];
  if (lines.length < 2 || !first?.startsWith("{")) return false;
  try {
    JSON.parse(first);
    return true;
  } catch {
    return false;
  }
}

/** A body as text: raw bytes are UTF-8 (invalid sequences become U+FFFD, as in `Response.text()`). */
export function bodyText(body: string | Uint8Array): string {
  return typeof body === "string" ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
}

function emptyBatch(): ApiError {
  return new ApiError(400, "empty_batch", "no records in the body");
}

/** Ingests a raw body in this thread. */
export async function ingestBody(db: DataLayer, projectId: string, text: string, contentType: string): Promise<IngestSummary> {
  const settings = await ingestDetectorSettings(db, projectId);
  return writeBatch(db, projectId, prepareBody(text, contentType, settings));
}

/**
 * Ingests a raw body with the parsing and scoring on a worker thread when the worker bundle is
 * built (`npm run build`), so concurrent requests use every core; the write stays here, in
 * slices that leave the event loop free between them (SQLite writes in-process). Falls
 * back to this thread otherwise.
 */
export async function ingestBodyConcurrently(db: DataLayer, projectId: string, body: string | Uint8Array, contentType: string): Promise<IngestSummary> {
  const settings = await ingestDetectorSettings(db, projectId);
  const batch = await prepareInWorker(body, contentType, settings);
  return writeBatchInSlices(db, projectId, batch ?? prepareBody(bodyText(body), contentType, settings));
}
