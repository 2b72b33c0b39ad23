import { ApiError } from "@/lib/api/errors";
import type { SqliteDatabase } from "@/lib/db/sqlite";
import { ingestRecords, type IngestSummary } from "./ingestRecords";
import { isSseText, splitJsonBody, splitNdjson } from "./splitBody";

/** Ingests a raw HTTP body: NDJSON by content type, raw SSE text, or JSON (one record, an array, or `{records}`). */
export function ingestBody(db: SqliteDatabase, projectId: string, text: string, contentType: string): IngestSummary {
  if (/ndjson|jsonlines|jsonl/i.test(contentType)) return ingestRecords(db, projectId, splitNdjson(text));
  if (/text\/event-stream/i.test(contentType) || isSseText(text)) return ingestRecords(db, projectId, [{ value: text }]);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, "invalid_json", `body is not valid JSON: ${(error as Error).message}`);
  }
  const inputs = splitJsonBody(body);
  if (inputs.length === 0) throw new ApiError(400, "empty_batch", "no records in the body");
  return ingestRecords(db, projectId, inputs);
}
