import type { IngestInput } from "./ingestRecords";

/**
 * Splits a request or file body into records: NDJSON (one record per non-empty line), a JSON
 * array, `{"records": [...]}`, or one record. A line that is not JSON becomes an error at its
 * index; a body that is not JSON at all throws.
 */
export function splitNdjson(text: string): IngestInput[] {
  const inputs: IngestInput[] = [];
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "") continue;
    try {
      inputs.push({ value: JSON.parse(trimmed) });
    } catch (error) {
      inputs.push({ error: { code: "invalid_json", message: `line is not valid JSON: ${(error as Error).message}` } });
    }
  }
  return inputs;
}

export function splitJsonBody(body: unknown): IngestInput[] {
  if (Array.isArray(body)) return body.map((value) => ({ value }));
  if (typeof body === "object" && body !== null && "records" in body && Array.isArray(body.records)) {
    return body.records.map((value: unknown) => ({ value }));
  }
  return [{ value: body }];
}

/** Looks like SSE (`data: ...` lines): one streamed OpenAI response, passed to the parser as text. */
export function isSseText(text: string): boolean {
  return /^\s*data:/.test(text);
}
