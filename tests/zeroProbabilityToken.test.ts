import { describe, expect, it } from "vitest";
import { POST as ingest } from "@/app/api/v1/ingest/route";
import { GET as getResponse } from "@/app/api/v1/responses/[id]/route";
import { GET as listResponses } from "@/app/api/v1/responses/route";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";


const entry = (token: string, logprob: number) => ({ token, logprob, bytes: [...Buffer.from(token)], top_logprobs: [{ token: ".", logprob: -0.01, bytes: [46] }] });

describeEachBackend("token detail API", () => {
  const testDb = useTestAccounts();

  describe("GET /api/v1/responses/{id}: a probability-0 token", () => {
    it("says zeroProbability, so a client can tell −∞ (sent as null) from a missing logprob", async () => {
      const response = {
        id: "chatcmpl-zero", object: "chat.completion", created: 1_733_743_961, model: "gpt-4o-mini",
        choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "Yes maybe" },
          logprobs: { content: [entry("Yes", -0.1), entry(" maybe", -9999)] } }],
      };
      const posted = await ingest(new Request("http://localhost/api/v1/ingest", {
        method: "POST",
        headers: { authorization: `Bearer ${testDb.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ id: "zero-probability-1", response }),
      }));
      expect(posted.status).toBe(200);
      const id = (await posted.json()).results[0].id as number;
      const detail = await (await getResponse(
        new Request(`http://localhost/api/v1/responses/${id}`, { headers: { authorization: `Bearer ${testDb.apiKey}` } }),
        { params: Promise.resolve({ id: String(id) }) },
      )).json();
      expect(detail.tokens[1]).toMatchObject({ token: " maybe", logprob: null, zeroProbability: true });
      expect(detail.tokens[0]).not.toHaveProperty("zeroProbability");
      expect(detail.zeroProbabilityTokens).toBe(1);
      // The chart series holds null there; the position says it is probability 0, not "not given".
      expect(detail.logprobs).toEqual([-0.1, null]);
      expect(detail.zeroProbabilityPositions).toEqual([1]);
    });

    it("the list says how many tokens had probability 0, so its row can show a sequence probability of 0", async () => {
      const post = (id: string, logprobs: number[]) => ingest(new Request("http://localhost/api/v1/ingest", {
        method: "POST",
        headers: { authorization: `Bearer ${testDb.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ id, response: {
          id, object: "chat.completion", created: 1_733_743_961, model: "zero-list-model",
          choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "a" },
            logprobs: { content: logprobs.map((logprob, i) => entry(`t${i}`, logprob)) } }],
        } }),
      }));
      expect((await post("zero-list-two", [-0.1, -9999, -0.2, -9999])).status).toBe(200);
      expect((await post("zero-list-none", [-0.1, -0.2])).status).toBe(200);
      const list = await (await listResponses(new Request("http://localhost/api/v1/responses?model=zero-list-model&from=0&limit=10", {
        headers: { authorization: `Bearer ${testDb.apiKey}` },
      }))).json() as { data: Array<{ externalId: string; zeroProbabilityTokens: number | null; metrics: { sumLogprob: number } }> };
      const byId = Object.fromEntries(list.data.map((row) => [row.externalId, row]));
      expect(byId["zero-list-two"]).toMatchObject({ zeroProbabilityTokens: 2 });
      expect(byId["zero-list-two"]?.metrics.sumLogprob).toBeCloseTo(-0.3, 6);
      expect(byId["zero-list-none"]).toMatchObject({ zeroProbabilityTokens: 0 });
    });
  });
});
