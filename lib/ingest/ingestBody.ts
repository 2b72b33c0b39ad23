import { ApiError } from "@/lib/api/errors";
import type { SqliteDatabase } from "@/lib/db/sqlite";
import { prepareInputs, writeBatch, type IngestOptions, type IngestSummary, type PreparedBatch } from "./ingestRecords";
import { isSseText, splitJsonBody, splitNdjson } from "./splitBody";
import { prepareInWorker } from "./workerPool";

/**
 * Parses and scores a raw HTTP body (no database): NDJSON by content type, raw SSE text, or
 * JSON (one record, an array, or `{records}`). Throws ApiError for a body that is not JSON.
 */
export function prepareBody(text: string, contentType: string, options: IngestOptions = {}): PreparedBatch {
  if (/ndjson|jsonlines|jsonl/i.test(contentType)) return prepareInputs(splitNdjson(text), options);
  if (/text\/event-stream/i.test(contentType) || isSseText(text)) return prepareInputs([{ value: text }], options);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, "invalid_json", `body is not valid JSON: ${(error as Error).message}`);
  }
  const inputs = splitJsonBody(body);
  if (inputs.length === 0) throw new ApiError(400, "empty_batch", "no records in the body");
  return prepareInputs(inputs, options);
}

/** Ingests a raw body in this thread. */
export function ingestBody(db: SqliteDatabase, projectId: string, text: string, contentType: string): IngestSummary {
  return writeBatch(db, projectId, prepareBody(text, contentType));
}

/**
 * Ingests a raw body with the parsing and scoring on a worker thread when the worker bundle is
 * built (`npm run build`), so concurrent requests use every core; the write stays here, on
 * the one SQLite connection. Falls back to this thread otherwise.
 */
export async function ingestBodyConcurrently(db: SqliteDatabase, projectId: string, text: string, contentType: string): Promise<IngestSummary> {
  const batch = await prepareInWorker(text, contentType);
  return writeBatch(db, projectId, batch ?? prepareBody(text, contentType));
}
