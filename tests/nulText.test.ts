import { expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/lib/audit/auditLog";
import { createProject } from "@/lib/accounts/projects";
import { listResponsesQuerySchema } from "@/lib/api/schemas";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { db } from "@/lib/db/database";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { countResponses } from "@/lib/queries/countResponses";
import { listResponses } from "@/lib/queries/listResponses";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

/**
 * A NUL (U+0000) in a filter, a search term or a name: PostgreSQL's text cannot hold it (error
 * 22021, a 500), and SQLite's LIKE stops at it (`%\0zz%` matched everything). Every bound string
 * goes through storableText (lib/db/storableTextPlugin.ts): U+FFFD, as ingest stores it.
 */
describeEachBackend("NUL in bound text", () => {
  useTestAccounts();

  const ingest = async (id: string, text: string) => {
    const summary = await ingestRecords(db(), DEFAULT_PROJECT_ID, [{ value: { id, model: "nul-model", response: { tokens: text.split(" ").map((word, i) => ({ token: i === 0 ? word : ` ${word}`, logprob: -0.1 })) } } }]);
    expect(summary.errors).toBe(0);
  };

  it("a search term with a NUL matches what ingest stored for it, not every response", async () => {
    await ingest("plain", "nothing to see here");
    await ingest("with-nul", "a odd\u0000zz token");
    const query = (q: string) => listResponsesQuerySchema.parse({ q, range: undefined, from: "2000-01-01T00:00:00Z" });
    const found = await listResponses(DEFAULT_PROJECT_ID, query("\u0000zz"));
    expect(found.data.map((row) => row.externalId)).toEqual(["with-nul"]);
    expect((await countResponses(DEFAULT_PROJECT_ID, query("\u0000zz"))).total).toBe(1);
    expect((await listResponses(DEFAULT_PROJECT_ID, query("\u0000nothing"))).data).toEqual([]);
  });

  it("a model filter with a NUL answers, empty", async () => {
    const found = await listResponses(DEFAULT_PROJECT_ID, listResponsesQuerySchema.parse({ model: "nul\u0000model", from: "2000-01-01T00:00:00Z" }));
    expect(found.data).toEqual([]);
  });

  it("a name with a NUL is stored with U+FFFD in its place", async () => {
    const project = await createProject(db(), "team\u0000x", SYSTEM_ACTOR);
    const stored = await db().selectFrom("projects").select("name").where("id", "=", project.id).executeTakeFirstOrThrow();
    expect(stored.name).toBe("team\uFFFDx");
    // Looked up by the name as sent, it is found.
    expect(await db().selectFrom("projects").select("id").where("name", "=", "team\u0000x").execute()).toEqual([{ id: project.id }]);
  });
});
