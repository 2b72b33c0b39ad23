import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as ingest } from "@/app/api/v1/ingest/route";
import { GET as getResponse } from "@/app/api/v1/responses/[id]/route";
import { resetEnvCache } from "@/lib/config/env";
import { backend, db } from "@/lib/db/database";
import { DAY_MS } from "@/lib/db/partitions";
import { removeExpiredTokens } from "@/lib/db/retention";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

/** After retention, the token-detail API keeps the response and says why its tokens are gone. */
describeEachBackend("retention in the token-detail API", () => {
  const testDb = useTestAccounts();
  beforeAll(() => {
    process.env.LOUPE_RETENTION_DAYS = "30";
    resetEnvCache();
  });
  afterAll(() => {
    delete process.env.LOUPE_RETENTION_DAYS;
  });

  const chat = (content: string) => ({
    id: `chatcmpl-${content}`, object: "chat.completion", created: 1_733_743_961, model: "gpt-4o-mini",
    choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content },
      logprobs: { content: [{ token: content, logprob: -0.2, bytes: [...Buffer.from(content)], top_logprobs: [{ token: content, logprob: -0.2, bytes: [...Buffer.from(content)] }] }] } }],
  });

  async function ingestAt(id: string, occurredAt: number): Promise<number> {
    const res = await ingest(new Request("http://localhost/api/v1/ingest", {
      method: "POST",
      headers: { authorization: `Bearer ${testDb.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ id, timestamp: new Date(occurredAt).toISOString(), response: chat(id) }),
    }));
    expect(res.status).toBe(200);
    return (await res.json()).results[0].id;
  }

  const detail = async (id: number) =>
    (await getResponse(new Request(`http://localhost/api/v1/responses/${id}`, { headers: { authorization: `Bearer ${testDb.apiKey}` } }),
      { params: Promise.resolve({ id: String(id) }) })).json();

  describe("GET /api/v1/responses/{id} after retention", () => {
    it("answers tokensRemoved for a response whose tokens retention removed, and null for one that keeps them", async () => {
      const oldId = await ingestAt("old", Date.now() - 40 * DAY_MS);
      const newId = await ingestAt("new", Date.now() - 2 * DAY_MS);
      expect((await detail(oldId)).tokensRemoved).toBeNull();

      const result = await removeExpiredTokens(db(), backend(), 30);
      expect(result.deletedRows).toBe(1);

      const old = await detail(oldId);
      expect(old).toMatchObject({ id: oldId, tokens: [], tokensRemoved: { by: "retention", afterDays: 30 } });
      expect(old.metrics.tokenCount).toBe(1);
      const kept = await detail(newId);
      expect(kept.tokens).toHaveLength(1);
      expect(kept.tokensRemoved).toBeNull();
    });
  });
});
