import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import type { SourceFormat } from "@/lib/logprobs/types";
import { opensStream, streamsOf } from "@/lib/logprobs/detect";
import { isEnvelope } from "./envelope";
import { RECORD_LIMITS } from "./prepare";
import type { IngestInput } from "./ingestRecords";
import { isSseText, splitJsonBody } from "./splitBody";

/**
 * Files -> ingest inputs for `npm run ingest` (scripts/ingest.ts): the same records the HTTP
 * API accepts, one file at a time. `.jsonl`/`.ndjson` are read line by line (a saved Ollama or
 * llama.cpp stream is one response); `.sse`, or any file whose lines are SSE, is one streamed
 * response; other files are JSON.
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

/** A read line with `format` forced on its record. */
function forced(located: LocatedInput, format: SourceFormat | undefined): LocatedInput {
  return "value" in located.input ? { input: { value: withFormat(located.input.value, format) }, where: located.where } : located;
}

function invalidJson(error: unknown): IngestInput {
  return { error: { code: "invalid_json", message: `not valid JSON: ${(error as Error).message}` } };
}

export async function* readFileInputs(file: string, format?: SourceFormat): AsyncGenerator<LocatedInput> {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".jsonl" || ext === ".ndjson") {
    yield* readLines(file, format);
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

/**
 * A `.jsonl`/`.ndjson` file, one record per line, read as it streams. A file whose first record
 * opens a stream (an Ollama `/api/generate` or llama.cpp `/completion` answer saved as NDJSON,
 * or several appended) is held and, when its lines are streams (streamsOf), is one response per
 * stream: the HTTP API reads such a body the same way (splitNdjson). Holding stops at
 * HELD_LINES_MAX lines (more than any one response's tokens): the rest is read line by line.
 */
async function* readLines(file: string, format: SourceFormat | undefined): AsyncGenerator<LocatedInput> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, "utf8"), crlfDelay: Infinity });
  let lineNo = 0;
  let records = 0;
  let held: LocatedInput[] | null = null;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === "") continue;
    const where = `${file}:${lineNo}`;
    let located: LocatedInput;
    try {
      located = { input: { value: JSON.parse(line) }, where };
    } catch (error) {
      located = { input: invalidJson(error), where };
    }
    if (++records === 1 && "value" in located.input && opensStream(located.input.value)) held = [];
    if (held && held.length >= HELD_LINES_MAX) {
      for (const line of held) yield forced(line, format);
      held = null;
    }
    if (held) held.push(located);
    else yield forced(located, format);
  }
  if (!held) return;
  const values = held.flatMap(({ input }) => ("value" in input ? [input.value] : []));
  const streams = values.length === held.length ? streamsOf(values) : null;
  if (!streams) {
    for (const located of held) yield forced(located, format);
    return;
  }
  let first = 0;
  for (const stream of streams) {
    // One stream is the file; several are each named by the line they start on.
    yield { input: { value: withFormat(stream, format) }, where: streams.length === 1 ? file : (held[first]?.where ?? file) };
    first += stream.length;
  }
}

/** Lines a saved stream may hold (RECORD_LIMITS.tokensPerResponse chunks and its final object). */
const HELD_LINES_MAX = RECORD_LIMITS.tokensPerResponse + 1;
