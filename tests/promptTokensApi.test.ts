import { expect, it } from "vitest";
import { POST as ingest } from "@/app/api/v1/ingest/route";
import { GET as getResponse } from "@/app/api/v1/responses/[id]/route";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

/** gpt-3.5-turbo-instruct with `echo: true, logprobs: 2`: 4 prompt tokens (the first without a logprob), then 2 output tokens. */
const echoCompletion = (id: string) => ({
  id, object: "text_completion", created: 1_764_300_000, model: "gpt-3.5-turbo-instruct",
  choices: [{
    text: "The capital of France is Paris", index: 0, finish_reason: "length",
    logprobs: {
      tokens: ["The", " capital", " of", " France", " is", " Paris"],
      token_logprobs: [null, -6.1, -0.4, -2.2, -0.3, -0.05],
      top_logprobs: [null, { " capital": -6.1, " first": -2.0 }, { " of": -0.4, " city": -1.3 }, { " France": -2.2, " the": -0.9 }, { " is": -0.3, " was": -2.1 }, { " Paris": -0.05, " Lyon": -4.0 }],
      text_offset: [0, 3, 11, 14, 21, 24],
    },
  }],
  usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 },
});

describeEachBackend("prompt tokens in the response detail", () => {
  const testDb = useTestAccounts();
  const call = (url: string, id: number) =>
    getResponse(new Request(`http://localhost${url}`, { headers: { authorization: `Bearer ${testDb.apiKey}` } }), { params: Promise.resolve({ id: String(id) }) });

  it("serves an echoed prompt's tokens apart from the output, null first logprob included, with their count", async () => {
    const res = await ingest(new Request("http://localhost/api/v1/ingest", {
      method: "POST",
      headers: { authorization: `Bearer ${testDb.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(echoCompletion("cmpl-prompt-api-1")),
    }));
    expect(res.status).toBe(200);
    const id = (await res.json()).results[0].id as number;

    const detail = await (await call(`/api/v1/responses/${id}`, id)).json();
    expect(detail.tokens.map((t: { token: string }) => t.token)).toEqual([" is", " Paris"]);
    expect(detail.promptTokenCount).toBe(4);
    expect(detail.promptTokens.map((t: { token: string }) => t.token)).toEqual(["The", " capital", " of", " France"]);
    expect(detail.promptTokens[0]).toMatchObject({ token: "The", logprob: null, top: [] });
    expect(detail.promptTokens[0]).not.toHaveProperty("zeroProbability");
    expect(detail.promptTokens[1].logprob).toBeCloseTo(-6.1, 6); // stored as float32
    expect(detail.promptTokens[1].top.map((a: { token: string }) => a.token)).toEqual([" first", " capital"]);
    expect(detail.promptTokens[3].entropyBits).toBeGreaterThan(0);

    // A later page of output tokens does not repeat the prompt.
    const page = await (await call(`/api/v1/responses/${id}?tokens=1-2`, id)).json();
    expect(page).not.toHaveProperty("promptTokens");
  });

  it("serves promptTokens null and a count of 0 for a response without prompt logprobs", async () => {
    const payload = echoCompletion("cmpl-prompt-api-2");
    const plain = { ...payload, choices: [{ ...payload.choices[0], text: " is Paris", logprobs: {
      tokens: [" is", " Paris"], token_logprobs: [-0.3, -0.05], top_logprobs: [{ " is": -0.3 }, { " Paris": -0.05 }], text_offset: [24, 27] } }] };
    const res = await ingest(new Request("http://localhost/api/v1/ingest", {
      method: "POST", headers: { authorization: `Bearer ${testDb.apiKey}` }, body: JSON.stringify(plain),
    }));
    const id = (await res.json()).results[0].id as number;
    const detail = await (await call(`/api/v1/responses/${id}`, id)).json();
    expect(detail).toMatchObject({ promptTokens: null, promptTokenCount: 0 });
  });
});
