import { sql } from "kysely";
import { expect, it } from "vitest";
import { POST as ingest } from "@/app/api/v1/ingest/route";
import { GET as getFacets } from "@/app/api/v1/facets/route";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { db } from "@/lib/db/database";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { describeEachBackend } from "@/tests/backends";
import { useTestAccounts } from "@/tests/testDb";
import { facets } from "./facets";

const tokens = [{ token: "Hi", logprob: -0.1 }, { token: "!", logprob: -0.7 }];
const record = (id: string, model: string, tags: string[]) => ({ id, model, tags, response: { tokens } });

/**
 * The filter bar's models and tags come from project_facets, kept by the ingest writer in the
 * responses' transaction: they must always be exactly what a DISTINCT over the project's
 * responses and tags would say.
 */
describeEachBackend("facets", () => {
  const setup = useTestAccounts();
  const post = (records: unknown[]) => ingest(new Request("http://localhost/api/v1/ingest", {
    method: "POST", headers: { authorization: `Bearer ${setup.apiKey}`, "content-type": "application/json" }, body: JSON.stringify({ records }),
  }));
  const getOffered = async () => (await getFacets(new Request("http://localhost/api/v1/facets", { headers: { authorization: `Bearer ${setup.apiKey}` } }))).json();

  /** What the facets used to compute by scanning: the distinct models and tags of the project's rows. */
  async function scanned(projectId: string) {
    const models = await db().selectFrom("responses").select("model").distinct().where("project_id", "=", projectId).orderBy("model").execute();
    const tags = await db().selectFrom("response_tags").select("tag").distinct().where("project_id", "=", projectId).orderBy("tag").execute();
    return { models: models.map((m) => m.model), tags: tags.map((t) => t.tag) };
  }

  it("offers the models and tags of what was ingested through the API, each once", async () => {
    expect(await getOffered()).toMatchObject({ models: [], tags: [] });
    const first = await post([record("a1", "gpt-4o", ["rag", "chat"]), record("a2", "gpt-4o", ["rag"]), record("a3", "llama", [])]);
    expect(first.status).toBe(200);
    expect(await getOffered()).toMatchObject({ models: ["gpt-4o", "llama"], tags: ["chat", "rag"] });
    // A later batch adds only what is new; a resent record changes nothing.
    await post([record("b1", "qwen", ["agent", "rag"]), record("a1", "gpt-4o", ["rag", "chat"])]);
    const offered = await getOffered();
    expect(offered).toMatchObject({ models: ["gpt-4o", "llama", "qwen"], tags: ["agent", "chat", "rag"] });
    expect({ models: offered.models, tags: offered.tags }).toEqual(await scanned(DEFAULT_PROJECT_ID));
    const rows = await db().selectFrom("project_facets").select(sql<number>`COUNT(*)`.as("n")).where("project_id", "=", DEFAULT_PROJECT_ID).executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(6);
  });

  it("keeps projects apart, and a project's facets go with the project", async () => {
    await db().insertInto("projects").values({ id: "other", name: "Other", is_demo: false, created_at: Date.now() }).execute();
    const summary = await ingestRecords(db(), "other", [{ value: record("o1", "mistral", ["support"]) }]);
    expect(summary.ingested).toBe(1);
    expect(await facets("other", null)).toMatchObject({ models: ["mistral"], tags: ["support"] });
    expect((await facets(DEFAULT_PROJECT_ID, null)).models).not.toContain("mistral");
    // As the demo seed (scripts/seed.ts) reloads its project: deleting it clears its facets too.
    await db().deleteFrom("projects").where("id", "=", "other").execute();
    expect(await db().selectFrom("project_facets").select("value").where("project_id", "=", "other").execute()).toEqual([]);
  });

  it("does not offer the model or tags of a record that was not stored", async () => {
    // An invalid record (no tokens, no text) is refused at preparation; its neighbour is stored.
    const summary = await ingestRecords(db(), DEFAULT_PROJECT_ID, [
      { value: { id: "bad", model: "never-stored", tags: ["ghost"], response: { nothing: true } } },
      { value: record("good", "gpt-4o", ["chat"]) },
    ]);
    expect(summary.ingested).toBe(1);
    const offered = await facets(DEFAULT_PROJECT_ID, null);
    expect(offered.models).not.toContain("never-stored");
    expect(offered.tags).not.toContain("ghost");
    expect({ models: offered.models, tags: offered.tags }).toEqual(await scanned(DEFAULT_PROJECT_ID));
  });
});
