import { sql, type CompiledQuery } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { listResponsesQuerySchema } from "@/lib/api/schemas";
import { resetEnvCache } from "@/lib/config/env";
import { listResponses, pageIdsQuery } from "@/lib/queries/listResponses";
import { describePostgres } from "@/tests/backends";
import { db } from "./database";
import { containsIgnoringCase } from "./dialect";
import { migratePostgres } from "./migratePostgres";
import { ensurePartitionsFor } from "./partitions";

interface PlanNode { "Node Type": string; "Index Name"?: string; Plans?: PlanNode[] }

/**
 * The explorer's text search on PostgreSQL is served by the pg_trgm GIN index
 * responses_output_text_trgm_idx (cloned onto each monthly partition): the condition must be
 * `output_text ILIKE '%needle%'` as lib/db/dialect.ts containsIgnoringCase writes it.
 */
describePostgres("explorer text search index", ({ createDatabase }) => {
  let url = "";
  const start = Date.UTC(2026, 9, 1);
  const end = Date.UTC(2026, 11, 1);
  beforeAll(async () => {
    url = await createDatabase();
    await migratePostgres(db(url));
    await ensurePartitionsFor(db(url), "postgres", [start, end - 1], start);
    await db(url).insertInto("projects").values({ id: "p", name: "P", created_at: start }).execute();
    // 20,000 responses over two months of varied text; 7 mention the needle, in any case.
    await sql`INSERT INTO responses (project_id, model, source_format, occurred_at, received_at, output_text, token_count, sudden_drops)
      SELECT 'p', 'm', 'openai.chat', ${start}::bigint + g::bigint * 250000, ${start}::bigint, md5(g::text) || ' ' || md5((g * 7)::text)
        || CASE WHEN g % 2857 = 0 THEN ' the Zebracorn said' ELSE '' END, 10, 0
      FROM generate_series(1, 20000) g`.execute(db(url));
    // As autovacuum leaves it: statistics, and the GIN pending list merged into the index.
    await sql`VACUUM ANALYZE responses`.execute(db(url));
  });

  const search = (needle: string) =>
    db(url).selectFrom("responses").select("id").where("project_id", "=", "p")
      .where("occurred_at", ">=", start).where("occurred_at", "<", end)
      .where(containsIgnoringCase("postgres", "output_text", needle));

  it("finds the matches, case-insensitively", async () => {
    expect(await search("zebraCORN").execute()).toHaveLength(7);
  });

  async function planNodes(compiled: CompiledQuery): Promise<PlanNode[]> {
    const { rows } = await db(url).executeQuery<{ "QUERY PLAN": unknown }>({ ...compiled, sql: `EXPLAIN (FORMAT JSON) ${compiled.sql}` });
    // json comes back as its text (lib/db/database.ts).
    const plan = JSON.parse(String(rows[0]?.["QUERY PLAN"])) as Array<{ Plan: PlanNode }>;
    const scans = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(scans)];
    return scans(plan[0]?.Plan as PlanNode);
  }

  it("serves the explorer's own page query (listResponses) from the trigram index", async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = url;
    resetEnvCache();
    try {
      const query = listResponsesQuerySchema.parse({ q: "zebracorn", from: String(start), to: String(end) });
      expect((await listResponses("p", query)).data).toHaveLength(7);
      const nodes = await planNodes(pageIdsQuery("p", query).compile());
      expect(nodes.filter((n) => n["Node Type"] === "Bitmap Index Scan").map((n) => n["Index Name"]).sort()).toEqual([
        "responses_p2026_10_output_text_idx", "responses_p2026_11_output_text_idx",
      ]);
      expect(nodes.filter((n) => n["Node Type"] === "Seq Scan")).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
      resetEnvCache();
    }
  });

  it("uses the trigram index for an ILIKE search (EXPLAIN)", async () => {
    // The query as the explorer sends it, with its bound parameters, under EXPLAIN.
    const compiled = search("zebracorn").compile();
    const { rows } = await db(url).executeQuery<{ "QUERY PLAN": unknown }>({ ...compiled, sql: `EXPLAIN (FORMAT JSON) ${compiled.sql}` });
    // json comes back as its text (lib/db/database.ts).
    const plan = JSON.parse(String(rows[0]?.["QUERY PLAN"])) as Array<{ Plan: PlanNode }>;
    const scans = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(scans)];
    const nodes = scans(plan[0]?.Plan as PlanNode);
    // Both months' partitions are searched through their copy of the trigram index, none scanned whole.
    expect(nodes.filter((n) => n["Node Type"] === "Bitmap Index Scan").map((n) => n["Index Name"]).sort()).toEqual([
      "responses_p2026_10_output_text_idx", "responses_p2026_11_output_text_idx",
    ]);
    expect(nodes.filter((n) => n["Node Type"] === "Seq Scan")).toEqual([]);
  });
});
