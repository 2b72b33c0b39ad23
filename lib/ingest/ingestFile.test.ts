import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readFileInputs, type LocatedInput } from "./ingestFile";
import { prepareInputs } from "./ingestRecords";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-ingest-file-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, lines: unknown[]): string {
  const target = path.join(dir, name);
  fs.writeFileSync(target, lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n") + "\n");
  return target;
}

async function read(target: string): Promise<LocatedInput[]> {
  const inputs: LocatedInput[] = [];
  for await (const located of readFileInputs(target)) inputs.push(located);
  return inputs;
}

const entry = (token: string, logprob: number) => ({ token, logprob, bytes: Array.from(Buffer.from(token)), top_logprobs: [] });
const base = { model: "gemma3", created_at: "2025-11-12T10:00:00.5Z" };
/** Ollama `/api/generate` streamed as NDJSON, as `curl … > answer.ndjson` saves it. */
const ollamaStream = [
  { ...base, response: "Hi", done: false, logprobs: [entry("Hi", -0.2)] },
  { ...base, response: " there", done: false, logprobs: [entry(" there", -0.9)] },
  { ...base, response: "", done: true, done_reason: "length", eval_count: 2 },
];
const complete = (id: string) => ({
  id,
  object: "chat.completion",
  created: 1_700_000_000,
  model: "gpt-4o-mini",
  choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "ok" }, logprobs: { content: [entry("ok", -0.1)] } }],
});

describe("readFileInputs: .ndjson files", () => {
  it("reads a saved Ollama stream as one response, as the HTTP API does", async () => {
    const target = file("answer.ndjson", ollamaStream);
    const inputs = await read(target);
    expect(inputs.map((located) => located.where)).toEqual([target]);
    const batch = prepareInputs(inputs.map((located) => located.input));
    expect(batch.results.map((result) => result.error)).toEqual([undefined]);
    const [response] = batch.prepared[0] ?? [];
    expect(response?.outputText).toBe("Hi there");
    expect(response?.metrics.tokenCount).toBe(2);
    expect(response?.finishReason).toBe("length");
  });

  it("reads two streams appended to one file as two responses, each named by its first line", async () => {
    const target = file("two.ndjson", [...ollamaStream, ...ollamaStream.map((chunk) => ({ ...chunk, response: chunk.response.toUpperCase() }))]);
    const inputs = await read(target);
    expect(inputs.map((located) => located.where)).toEqual([`${target}:1`, `${target}:4`]);
    const batch = prepareInputs(inputs.map((located) => located.input));
    expect(batch.results.map((result) => result.error)).toEqual([undefined, undefined]);
    expect(batch.prepared.map((samples) => samples[0]?.metrics.tokenCount)).toEqual([2, 2]);
  });

  it("reads a batch of complete responses one record per line, blank lines skipped", async () => {
    const target = file("batch.jsonl", [complete("a"), "", complete("b")]);
    const inputs = await read(target);
    expect(inputs.map((located) => located.where)).toEqual([`${target}:1`, `${target}:3`]);
    expect(prepareInputs(inputs.map((located) => located.input)).results.map((result) => result.error)).toEqual([undefined, undefined]);
  });

  it("keeps lines apart, each at its line, when a stream's first chunk is followed by other records or a broken line", async () => {
    const mixed = file("mixed.ndjson", [ollamaStream[0], complete("c")]);
    expect((await read(mixed)).map((located) => located.where)).toEqual([`${mixed}:1`, `${mixed}:2`]);
    const broken = file("broken.ndjson", [ollamaStream[0], "{not json", ollamaStream[2]]);
    const inputs = await read(broken);
    expect(inputs.map((located) => located.where)).toEqual([`${broken}:1`, `${broken}:2`, `${broken}:3`]);
    expect(inputs[1]?.input).toMatchObject({ error: { code: "invalid_json" } });
  });
});
