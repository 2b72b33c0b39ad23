import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import type { SourceFormat } from "@/lib/logprobs/types";
import { isEnvelope } from "./envelope";
import type { IngestInput } from "./ingestRecords";
import { isSseText, splitJsonBody } from "./splitBody";

/**
 * Files -> ingest inputs for `npm run ingest` (scripts/ingest.ts): the same records the HTTP
 * API accepts, one file at a time. `.jsonl`/`.ndjson` are read line by line; `.sse`, or any
 * file whose lines are SSE, is one streamed response; other files are JSON.
 */
export const INGEST_FILE_EXTENSIONS = new Set([".json", ".jsonl", ".ndjson", ".sse"]);

export interface LocatedInput {
  input: IngestInput;
  /** `file`, `file:line` or `file[index]`, for error reports. */
  where: string;
}

/** Wraps a record so `format` is forced: in its envelope, or in a new one. */
function withFormat(value: unknown, format: SourceFormat | undefined): unknown {
  if (format === undefined) return value;
  return isEnvelope(value) ? { ...value, format } : { format, response: value };
}

function invalidJson(error: unknown): IngestInput {
  return { error: { code: "invalid_json", message: `not valid JSON: ${(error as Error).message}` } };
}

export async function* readFileInputs(file: string, format?: SourceFormat): AsyncGenerator<LocatedInput> {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".jsonl" || ext === ".ndjson") {
    const lines = readline.createInterface({ input: fs.createReadStream(file, "utf8"), crlfDelay: Infinity });
    let lineNo = 0;
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === "") continue;
      const where = `${file}:${lineNo}`;
      try {
        yield { input: { value: withFormat(JSON.parse(line), format) }, where };
      } catch (error) {
        yield { input: invalidJson(error), where };
      }
    }
    return;
  }
  const text = fs.readFileSync(file, "utf8");
  if (ext === ".sse" || isSseText(text)) {
    yield { input: { value: withFormat(text, format) }, where: file };
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    yield { input: invalidJson(error), where: file };
    return;
  }
  const inputs = splitJsonBody(body);
  for (const [i, input] of inputs.entries()) {
    const where = inputs.length > 1 ? `${file}[${i}]` : file;
    yield { input: "value" in input ? { value: withFormat(input.value, format) } : input, where };
  }
}
