/**
 * Every peer payload (shared/fixtures/peer, recorded by other projects; see its README), sent
 * as the provider returned it through the two real ingest paths: the HTTP route handler and
 * the library behind `npm run ingest`. Read from disk through tests/sharedFixtures.ts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { POST as ingest } from "@/app/api/v1/ingest/route";
import { GET as getFacets } from "@/app/api/v1/facets/route";
import { GET as listResponses } from "@/app/api/v1/responses/route";
import { GET as getResponse } from "@/app/api/v1/responses/[id]/route";
import { db } from "@/lib/db/database";
import { readFileInputs } from "@/lib/ingest/ingestFile";
import { ingestRecords, type IngestInput } from "@/lib/ingest/ingestRecords";
import { getResponse as getStoredResponse } from "@/lib/queries/getResponse";
import { NO_SHARED, readSharedText, sharedPath, sharedTitle } from "./sharedFixtures";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

interface Expected {
  format: string;
  model: string;
  tokens: number;
  text?: string;
}

const PEER: Record<string, Expected> = {
  "openai-chat-docs-example.json": { format: "openai-chat", model: "gpt-4o-mini", tokens: 9 },
  "openai-chat-stream-content-logprobs.sse": { format: "openai-chat-stream", model: "gpt-4o-2024-08-06", tokens: 2, text: "Foo!" },
  "openai-chat-stream-refusal-logprobs.sse": { format: "openai-chat-stream", model: "gpt-4o-2024-08-06", tokens: 11 },
  "openai-legacy-echo-litellm.json": { format: "openai-legacy", model: "davinci-002", tokens: 1, text: " crisp" },
  "openai-responses-pydantic-ai.json": { format: "openai-responses", model: "gpt-4o-mini-2024-07-18", tokens: 9 },
  "openai-responses-stream-pydantic-ai.sse": {
    format: "openai-responses", model: "gpt-4o-mini-2024-07-18", tokens: 9, text: "The capital of Minas Gerais is Belo Horizonte.",
  },
  "together-docs-codellama.json": { format: "together", model: "codellama/CodeLlama-70b-Instruct-hf", tokens: 10 },
  "together-llama31-tsaichris.json": { format: "together", model: "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo", tokens: 0 },
  "ollama-generate-chunk-logprobs.json": { format: "ollama", model: "gemma3", tokens: 1, text: "Okay" },
  "ollama-generate-chunk-toplogprobs.json": { format: "ollama", model: "gemma3", tokens: 1, text: "The" },
  "llamacpp-completion-stream-b6488.sse": { format: "llamacpp", model: "unknown", tokens: 3, text: "овые щё" },
  "llamacpp-completion-stream-probs-byte.sse": { format: "llamacpp", model: "unknown", tokens: 3, text: "овые�ё" },
  "llamacpp-completion-stream-probs-zero.sse": { format: "llamacpp", model: "unknown", tokens: 3, text: "овые щё" },
  "llamacpp-chat-stream-ik.sse": { format: "openai-chat-stream", model: "unknown", tokens: 3, text: "овые щё" },
};

interface TokenDto {
  token: string;
  logprob: number | null;
  bytes: number[] | null;
  entropyBits: number | null;
  margin: number | null;
  top: Array<{ token: string; logprob: number | null; bytes?: number[] }>;
}
interface Detail {
  model: string;
  sourceFormat: string;
  outputText: string;
  tokens: TokenDto[];
}

const CLI_PROJECT = "cli-peer";
describeEachBackend("peer payloads", () => {
const testDb = useTestAccounts({ maxBodyBytes: 200_000 });
beforeAll(async () => {
  // The CLI writes into its own project, so its records are not duplicates of the HTTP ones.
  await db().insertInto("projects").values({ id: CLI_PROJECT, name: "CLI", is_demo: false, created_at: Date.now() }).execute();
});

async function detail(id: number): Promise<Detail> {
  const request = new Request(`http://localhost/api/v1/responses/${id}`, { headers: { authorization: `Bearer ${testDb.apiKey}` } });
  const res = await getResponse(request, { params: Promise.resolve({ id: String(id) }) });
  expect(res.status).toBe(200);
  return (await res.json()) as Detail;
}

/** POSTs a file's bytes as they are, with a generic content type: detection must not need a hint. */
async function postFile(name: string, contentType = "application/json"): Promise<Detail> {
  const res = await ingest(new Request("http://localhost/api/v1/ingest", {
    method: "POST",
    headers: { authorization: `Bearer ${testDb.apiKey}`, "content-type": contentType },
    body: readSharedText("fixtures/peer", name),
  }));
  const summary = await res.json();
  expect({ name, status: res.status, summary }).toMatchObject({ status: 200, summary: { errors: 0 } });
  // Sent a second time (by the tests of the numbers), a response with a provider id is a duplicate.
  expect(summary.ingested + summary.duplicates).toBe(1);
  return detail(summary.results[0].id);
}

/** Ingests a file through the library behind `npm run ingest`. */
async function ingestFileWithCli(name: string): Promise<Detail> {
  const inputs: IngestInput[] = [];
  for await (const located of readFileInputs(sharedPath("fixtures/peer", name))) inputs.push(located.input);
  const summary = await ingestRecords(db(), CLI_PROJECT, inputs);
  expect({ name, summary }).toMatchObject({ summary: { ingested: 1, errors: 0 } });
  const stored = await getStoredResponse(CLI_PROJECT, summary.results[0]?.id as number);
  return JSON.parse(JSON.stringify(stored)) as Detail;
}

function expectMatches(name: string, got: Detail): void {
  const want = PEER[name] as Expected;
  expect({ name, format: got.sourceFormat, model: got.model }).toEqual({ name, format: want.format, model: want.model });
  if (want.tokens > 0) expect(got.tokens).toHaveLength(want.tokens);
  if (want.text !== undefined) expect(got.outputText).toBe(want.text);
}

describe.skipIf(NO_SHARED)(sharedTitle("peer payloads through the HTTP ingest route and the ingest CLI"), () => {
  for (const name of Object.keys(PEER)) {
    it(`${name}: HTTP`, async () => expectMatches(name, await postFile(name)));
    it(`${name}: CLI`, async () => expectMatches(name, await ingestFileWithCli(name)));
  }
});

describe.skipIf(NO_SHARED)(sharedTitle("peer payloads: the numbers"), () => {
  it("matches llama.cpp's chosen token to its alternative by id, not text (\" щ\" listed as \"�\")", async () => {
    for (const [name, margin] of [["llamacpp-chat-stream-ik.sse", 12.886], ["llamacpp-completion-stream-b6488.sse", 13.841]] as const) {
      const shch = (await postFile(name)).tokens[1] as TokenDto;
      expect(shch.token).toBe(" щ");
      // The listed candidates only: no sixth (or eleventh) candidate, ~0.0001 bits, not 1 bit.
      expect(shch.entropyBits).toBeGreaterThan(0);
      expect(shch.entropyBits).toBeLessThan(0.0002);
      expect(shch.margin).toBeCloseTo(margin, 3);
      // Listed as the chosen token (the token view marks it chosen by text and bytes).
      expect(shch.top[0]?.token).toBe(" щ");
      expect(shch.top[0]?.bytes).toBeUndefined();
      expect(shch.top.slice(1).every((alt) => alt.token === "�")).toBe(true);
    }
  });

  it("takes a Responses stream's logprobs from its delta events (full precision), not response.completed", async () => {
    const tokens = (await postFile("openai-responses-stream-pydantic-ai.sse")).tokens;
    expect(tokens.map((t) => t.logprob)).toEqual([
      -1.9361264946837764e-7, 0, 0, 0, -3.128163257315464e-7, -0.00007493430894101039, -0.00005371605948312208,
      -2.45848218582978e-6, -3.128163257315464e-7,
    ]);
  });

  it("reads pre-2025 llama.cpp probs: linear prob 0 is probability 0, the chosen token's prob its logprob", async () => {
    const zero = (await postFile("llamacpp-completion-stream-probs-zero.sse")).tokens;
    expect(zero.map((t) => t.logprob)).toEqual([0, 0, 0]);
    expect(zero[0]?.top).toHaveLength(10);
    expect(zero[0]?.top.slice(1).every((alt) => alt.logprob === null)).toBe(true);
    expect(zero[0]?.margin).toBeNull(); // ∞ nats: JSON has no Infinity
    const byte = (await postFile("llamacpp-completion-stream-probs-byte.sse")).tokens;
    // `byte: \x89`, a partial character, is kept as its byte (the chat formats' shape).
    expect(byte[1]?.token).toBe("\uFFFD");
    expect(byte[1]?.bytes).toEqual([0x89]);
    expect(byte[1]?.logprob).toBeCloseTo(Math.log(0.9999974966049194), 12);
  });

  it("stores a response without a model name under \"unknown\", offered and filtered like any model", async () => {
    await postFile("llamacpp-chat-stream-ik.sse");
    const get = (url: string) => new Request(`http://localhost${url}`, { headers: { authorization: `Bearer ${testDb.apiKey}` } });
    const facets = await (await getFacets(get("/api/v1/facets"))).json();
    expect(facets.models).toContain("unknown");
    const list = await (await listResponses(get("/api/v1/responses?model=unknown&limit=500"))).json();
    expect(list.data.length).toBeGreaterThan(0);
    expect(list.data.every((r: { model: string }) => r.model === "unknown")).toBe(true);
  });

  it("names an SSE body by what it is in errors, never \"an array\"", async () => {
    const res = await ingest(new Request("http://localhost/api/v1/ingest", {
      method: "POST",
      headers: { authorization: `Bearer ${testDb.apiKey}`, "content-type": "text/plain" },
      body: 'data: {"hello": 1}\n\ndata: {"hello": 2}\n\n',
    }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("unknown_format");
    expect(body.error.message).toContain("an SSE stream of 2 events");
  });
});
});
