/**
 * LiteLLM's `generic_api` logging callback against the ingest route over real HTTP. The requests
 * are the ones BerriAI/litellm `litellm/integrations/generic_api/generic_api_callback.py`
 * (`async_send_batch`) sends: headers `Content-Type: application/json` plus the configured ones
 * (here `Authorization: Bearer <Loupe key>`), and as body, by `log_format`: `json_array` the
 * JSON list of queued StandardLoggingPayloads, `ndjson` the payloads joined by "\n" (still sent
 * as application/json), `single` one POST per payload, in parallel. The payloads are shaped as
 * lib/logprobs/__fixtures__/litellmPayload.ts documents. The `litellm` Python package itself
 * cannot be installed here (no network), so it does not run in this test.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { POST as ingest } from "@/app/api/v1/ingest/route";
import { GET as listResponses } from "@/app/api/v1/responses/route";
import { GET as getResponse } from "@/app/api/v1/responses/[id]/route";
import { liteLLMChatPayload, liteLLMTextCompletionPayload } from "@/lib/logprobs/__fixtures__/litellmPayload";
import { SAME_TEXT } from "@/lib/logprobs/__fixtures__/sameResponse";
import { describeEachBackend } from "./backends";
import { startRouteServer, type RouteServer } from "./routeServer";
import { useTestAccounts } from "./testDb";

describeEachBackend("LiteLLM generic_api logging", () => {
  const testDb = useTestAccounts();
  let server: RouteServer;
  beforeAll(async () => {
    server = await startRouteServer([
      { path: "/api/v1/ingest", handlers: { POST: ingest } },
      { path: "/api/v1/responses", handlers: { GET: listResponses } },
      { path: "/api/v1/responses/[id]", handlers: { GET: getResponse as never } },
    ]);
  });
  afterAll(() => server.close());

  /** What GenericAPILogger posts: its default Content-Type header and the configured headers. */
  const send = (body: string) =>
    fetch(`${server.base}/api/v1/ingest`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${testDb.apiKey}` },
      body,
    });
  const read = async (path: string) => (await fetch(`${server.base}${path}`, { headers: { authorization: `Bearer ${testDb.apiKey}` } })).json();

  it("json_array: stores each logged call with its tokens, request, tags and metadata; a failure event is reported by index", async () => {
    const chat = liteLLMChatPayload({ callId: "arr-chat-1", tags: ["support"], stream: true });
    const text = liteLLMTextCompletionPayload("arr-text-1");
    const failed = liteLLMChatPayload({ callId: "arr-fail-1", status: "failure" });
    const res = await send(JSON.stringify([chat, text, failed]));
    expect(res.status).toBe(207);
    const summary = await res.json();
    expect(summary).toMatchObject({ ingested: 2, duplicates: 0, errors: 1 });
    expect(summary.results[2]).toMatchObject({ index: 2, error: { code: "litellm_failure" } });
    expect(summary.results[2].error.message).toContain("Rate limit reached");

    const detail = await read(`/api/v1/responses/${summary.results[0].id}`);
    expect(detail).toMatchObject({
      externalId: "arr-chat-1",
      model: "gpt-4o-mini",
      provider: "openai",
      sourceFormat: "openai-chat",
      occurredAt: new Date(Math.round(chat.startTime * 1000)).toISOString(),
      outputText: SAME_TEXT,
      tags: ["support"],
      messages: chat.messages,
      params: chat.model_parameters,
    });
    expect(detail.tokens.map((t: { token: string }) => t.token)).toEqual(["Hello", ",", " world", "!", " Caf", "é"]);
    expect(detail.tokens[2].top.map((a: { token: string }) => a.token)).toEqual([" there", " world"]);
    expect(detail.metadata).toMatchObject({ source: "litellm", user: "customer-981", litellm_call_id: "arr-chat-1", stream: true, latency_ms: 812.5, time_to_first_token_ms: 300 });

    const textDetail = await read(`/api/v1/responses/${summary.results[1].id}`);
    expect(textDetail).toMatchObject({ externalId: "arr-text-1", sourceFormat: "openai-legacy", tags: ["batch"] });
  });

  it("ndjson: one payload per line, sent as application/json; a broken line is reported by index", async () => {
    const lines = [JSON.stringify(liteLLMChatPayload({ callId: "nd-1" })), '{"call_type": "acompletion", "respo', JSON.stringify(liteLLMChatPayload({ callId: "nd-2" }))];
    const res = await send(lines.join("\n"));
    expect(res.status).toBe(207);
    const summary = await res.json();
    expect(summary).toMatchObject({ ingested: 2, errors: 1 });
    expect(summary.results[1]).toMatchObject({ index: 1, error: { code: "invalid_json" } });
    const list = await read("/api/v1/responses?limit=500");
    const ids = list.data.map((r: { externalId: string }) => r.externalId);
    expect(ids).toEqual(expect.arrayContaining(["nd-1", "nd-2"]));
  });

  it("single: one POST per payload, in parallel", async () => {
    const payloads = ["single-1", "single-2", "single-3"].map((callId) => liteLLMChatPayload({ callId }));
    const answers = await Promise.all(payloads.map((payload) => send(JSON.stringify(payload))));
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ingested: 1, errors: 0 });
    }
  });

  it("a re-sent payload (a retried batch) is a duplicate of its call id, never a second record", async () => {
    const batch = JSON.stringify([liteLLMChatPayload({ callId: "dup-call-1" }), liteLLMChatPayload({ callId: "dup-call-2" })]);
    const first = await (await send(batch)).json();
    expect(first).toMatchObject({ ingested: 2, duplicates: 0 });
    const again = await send(batch);
    expect(again.status).toBe(200);
    const second = await again.json();
    expect(second).toMatchObject({ ingested: 0, duplicates: 2 });
    expect(second.results.map((r: { id: number }) => r.id)).toEqual(first.results.map((r: { id: number }) => r.id));
    // The same call in the single format is the same duplicate.
    expect(await (await send(JSON.stringify(liteLLMChatPayload({ callId: "dup-call-1" })))).json()).toMatchObject({ duplicates: 1 });
    const list = await read("/api/v1/responses?limit=500");
    expect(list.data.filter((r: { externalId: string }) => r.externalId.startsWith("dup-call-"))).toHaveLength(2);
  });

  it("refuses a LiteLLM callback without the Loupe key (401 in the error shape)", async () => {
    const res = await fetch(`${server.base}/api/v1/ingest`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify([liteLLMChatPayload()]) });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
  });
});
