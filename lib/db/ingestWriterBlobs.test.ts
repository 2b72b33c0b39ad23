import { expect, it } from "vitest";
import { prepareInputs } from "@/lib/ingest/ingestRecords";
import type { PreparedResponse } from "@/lib/ingest/prepare";
import { decodeTokens } from "@/lib/storage/tokenBlob";
import { describeEachBackend } from "@/tests/backends";
import { useTestAccounts } from "@/tests/testDb";
import { writePreparedBatch } from "./ingestWriter";

/**
 * Token blobs reach the database byte for byte, with and without prompt blobs in one batch. On
 * PostgreSQL a batch's blobs travel as one binary parameter cut apart in SQL (packedBlobs), so
 * an off-by-one or a NULL prompt blob mixed with present ones would shift every blob after it.
 */
const chat = (id: string, tokens: string[]) => ({
  id,
  response: {
    id: `c-${id}`, object: "chat.completion", created: 1_733_743_961, model: "m",
    choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: tokens.join("") },
      logprobs: { content: tokens.map((token, i) => ({ token, logprob: -0.1 * (i + 1), top_logprobs: [{ token, logprob: -0.1 * (i + 1) }, { token: "z", logprob: -5 }] })) } }],
  },
});

describeEachBackend("token blobs written by a batch", ({ db }) => {
  useTestAccounts();

  it("come back exactly, each with its own prompt blob or NULL, whatever their sizes", async () => {
    const inputs = ["a", "b", "c", "d", "e"].map((id, n) => ({ value: chat(`blob-${id}`, Array.from({ length: 1 + n * 40 }, (_, i) => ` ${id}${i}`)) }));
    const batch = prepareInputs(inputs, { now: 1_733_743_961_000 });
    const samples = batch.prepared.map((record) => record.map((r) => r as PreparedResponse));
    // prompt blobs on some records only (the legacy completions API echoes prompts), one of
    // them empty, and a Uint8Array as a worker thread hands Buffers back
    const prompt = (samples[3]?.[0] as PreparedResponse).tokensBlob;
    Object.assign(samples[1]?.[0] as PreparedResponse, { promptTokensBlob: Buffer.from(prompt) });
    Object.assign(samples[2]?.[0] as PreparedResponse, { promptTokensBlob: Buffer.alloc(0) });
    Object.assign(samples[4]?.[0] as PreparedResponse, { tokensBlob: new Uint8Array(samples[4]?.[0]?.tokensBlob as Buffer), promptTokensBlob: new Uint8Array(prompt) });
    const outcomes = await writePreparedBatch(db(), "default", samples, batch.now);
    const ids = outcomes.map((outcome) => ("ids" in outcome ? outcome.ids[0] : undefined));
    expect(ids.every((id) => typeof id === "number")).toBe(true);

    const rows = await db().selectFrom("response_tokens").select(["response_id", "tokens_blob", "prompt_tokens_blob"]).execute();
    const byId = new Map(rows.map((row) => [row.response_id, row]));
    samples.forEach(([sample], i) => {
      const row = byId.get(ids[i] as number);
      expect(Buffer.from(row?.tokens_blob as Uint8Array).equals(Buffer.from(sample?.tokensBlob as Uint8Array))).toBe(true);
      const expectedPrompt = sample?.promptTokensBlob ?? null;
      if (expectedPrompt === null) expect(row?.prompt_tokens_blob).toBeNull();
      else expect(Buffer.from(row?.prompt_tokens_blob as Uint8Array).equals(Buffer.from(expectedPrompt))).toBe(true);
      expect(decodeTokens(row?.tokens_blob as Uint8Array)).toHaveLength(1 + i * 40);
    });
    expect(byId.get(ids[2] as number)?.prompt_tokens_blob).toHaveLength(0);
  });
});
