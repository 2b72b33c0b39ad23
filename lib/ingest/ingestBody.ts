import { ApiError } from "@/lib/api/errors";
import { ingestDetectorSettings } from "@/lib/alerts/detectorSettings";
import type { DataLayer } from "@/lib/db/database";
import { assertNotTooDeep, assertRecordCount, BODY_LIMITS, bodyTooDeep, textPayloadTooDeep } from "./bodyLimits";
import { prepareEach, prepareInputs, writeBatch, writeBatchInSlices, type IngestOptions, type IngestSummary, type PreparedBatch } from "./ingestRecords";
import { recordRanges } from "./recordRanges";
import { isSseText, jsonBodyRecords, jsonRecordInput, splitNdjson } from "./splitBody";
import { opensStream } from "@/lib/logprobs/detect";
import { prepareInWorker } from "./workerPool";

const NDJSON_TYPE = /ndjson|jsonlines|jsonl/i;
const SSE_TYPE = /text\/event-stream/i;

/**
 * Parses and scores a raw HTTP body (no database): NDJSON by content type (or by its lines when
 * the body is not one JSON document), raw SSE text, or JSON (one record, an array, or `{records}`). Throws ApiError for a body that is not JSON,
 * nests too deep (400 `too_deep`) or holds too many records (413 `too_many_records`); see
 * BODY_LIMITS. The nesting scan runs before every JSON.parse, so the parsers and the writer
 * never meet a value deep enough to overflow the stack. A batch given as bytes is parsed a
 * record at a time (recordRanges.ts), with the same answers as the whole-body path.
 */
export function prepareBody(body: string | Uint8Array, contentType: string, options: IngestOptions = {}): PreparedBatch {
  const ndjson = NDJSON_TYPE.test(contentType);
  const sse = SSE_TYPE.test(contentType);
  if (typeof body !== "string" && !ndjson && !sse) {
    const batch = prepareBatchBytes(body, options);
    if (batch) return batch;
  }
  const text = bodyText(body);
  if (ndjson) return prepareNdjson(text, options);
  if (sse || isSseText(text)) {
    assertNotTooDeep(text, textPayloadTooDeep);
    return prepareInputs([{ value: text }], options);
  }
  assertNotTooDeep(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // NDJSON sent as application/json (LiteLLM's generic_api `log_format: ndjson` does so).
    if (looksLikeNdjson(text)) return prepareNdjson(text, options);
    throw new ApiError(400, "invalid_json", `body is not valid JSON: ${(error as Error).message}`);
  }
  const records = jsonBodyRecords(parsed);
  if (records.length === 0) throw emptyBatch();
  assertRecordCount(records.length);
  return prepareInputs(records.map(jsonRecordInput), options);
}

/** Whether the first element of a bare array opens a stream (opensStream); false when it is not JSON. */
function startsStream(buffer: Buffer, offsets: readonly number[]): boolean {
  try {
    return opensStream(JSON.parse(buffer.toString("utf8", offsets[0], offsets[1])));
  } catch {
    return false;
  }
}

/** Thrown inside prepareBatchBytes when a record is not valid JSON: the whole-body path takes over. */
class NotValidJson extends Error {}

/**
 * A `[…]` or `{"records": […]}` body parsed and scored a record at a time, or null when the
 * whole-body path must answer: another shape, a record that is not valid JSON, or more records
 * than a body may hold (that path says which error comes first).
 */
function prepareBatchBytes(bytes: Uint8Array, options: IngestOptions): PreparedBatch | null {
  const ranges = recordRanges(bytes);
  if (ranges === "too_deep") throw bodyTooDeep();
  if (ranges === null) return null;
  const { offsets } = ranges;
  const count = offsets.length / 2;
  if (count === 0) throw emptyBatch();
  if (count > BODY_LIMITS.recordsPerBody) return null;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // A bare array that opens like a stream may be one streamed response: the whole-body path decides (jsonBodyRecords).
  if (ranges.bare && count > 1 && startsStream(buffer, offsets)) return null;
  try {
    return prepareEach(count, (index) => {
      let value: unknown;
      try {
        value = JSON.parse(buffer.toString("utf8", offsets[2 * index], offsets[2 * index + 1]));
      } catch {
        throw new NotValidJson();
      }
      return jsonRecordInput(value);
    }, options);
  } catch (error) {
    if (error instanceof NotValidJson) return null;
    throw error;
  }
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
  return writeBatchInSlices(db, projectId, batch ?? prepareBody(body, contentType, settings));
}
