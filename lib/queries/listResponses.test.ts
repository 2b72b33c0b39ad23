import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { listResponsesQuerySchema, responseFilterSchema } from "@/lib/api/schemas";
import { db, type DataLayer } from "@/lib/db/database";
import { ensurePartitionsFor } from "@/lib/db/partitions";
import { responseListParts } from "@/lib/db/responseListSql";
import { searchMatches } from "@/lib/db/textSearchMatches";
import { describeEachBackend } from "@/tests/backends";
import { countResponses } from "./countResponses";
import { listResponses, pageIdsQuery } from "./listResponses";

/**
 * The explorer's list at scale: a nullable metric sort reads its values then its nulls, each
 * from a (project, metric, id) index, and a rare search term is paged over its matches alone.
 * Both must give exactly the order and rows of the plain definition: (metric, id) in the asked
 * direction, nulls last; newest first; a case-insensitive contains.
 */
const PROJECT = "p";
const START = Date.UTC(2026, 10, 1);
const HOUR = 3_600_000;
const SORTS = ["perplexity", "avgLogprob", "maxEntropyBits", "occurredAt", "tokenCount", "flagCount"] as const;
type Sort = (typeof SORTS)[number];

interface Row {
  id: number;
  occurredAt: number;
  perplexity: number | null;
  avgLogprob: number | null;
  maxEntropyBits: number | null;
  tokenCount: number;
  flagCount: number;
  text: string;
}

/** Row i's values: ties on every metric, a null in every 7th, texts with a rare, a medium and a common term. */
function rowValues(i: number) {
  return {
    occurred_at: START + (i % 50) * HOUR + i,
    perplexity: i % 7 === 3 ? null : 1 + (i % 5) * 0.25,
    avg_logprob: i % 7 === 5 ? null : -((i * 37) % 11) / 10,
    max_entropy_bits: i % 7 === 1 ? null : (i % 4) * 0.5,
    token_count: 1 + (i % 3),
    flag_count: i % 9 === 0 ? 1 : 0,
    output_text: `${i % 41 === 7 ? "a NeedLe here " : ""}${i % 4 === 0 ? "middling " : ""}common words ${i}`,
  };
}

async function insertRows(layer: DataLayer, count: number): Promise<void> {
  for (let start = 0; start < count; start += 500) {
    const rows = Array.from({ length: Math.min(500, count - start) }, (_, k) => {
      const i = start + k;
      return { project_id: PROJECT, external_id: `r${i}`, model: "m", source_format: "openai.chat", received_at: START, sudden_drops: 0, ...rowValues(i) };
    });
    await layer.insertInto("responses").values(rows).execute();
  }
}

/**
 * The hourly rollup's all-tags rows recounted from the rows inserted above (ingest keeps them
 * in production): the explorer's counts read them for whole hours.
 */
async function recountHourlyRollups(layer: DataLayer): Promise<void> {
  await sql`DELETE FROM response_hourly_rollups WHERE project_id = ${PROJECT}`.execute(layer);
  await sql`INSERT INTO response_hourly_rollups (project_id, tag, bucket_start, model, response_count, token_count, flagged_count,
      sum_avg_logprob, avg_logprob_count, sum_min_logprob, min_logprob_count)
    SELECT project_id, '', occurred_at - occurred_at % ${sql.lit(HOUR)}, model, count(*), sum(token_count), count(*) FILTER (WHERE flag_count > 0), 0, 0, 0, 0
    FROM responses WHERE project_id = ${PROJECT} GROUP BY project_id, occurred_at - occurred_at % ${sql.lit(HOUR)}, model`.execute(layer);
}

/** The list's order by definition: (value, id) in the direction, nulls last either way. */
function expectedOrder(rows: Row[], sort: Sort, order: "asc" | "desc"): number[] {
  const sign = order === "asc" ? 1 : -1;
  return rows.slice().sort((a, b) => {
    const x = a[sort], y = b[sort];
    if (x === null || y === null) return x === y ? sign * (a.id - b.id) : x === null ? 1 : -1;
    return x === y ? sign * (a.id - b.id) : sign * (x - y);
  }).map((row) => row.id);
}

describeEachBackend("explorer list order and text search", (backend) => {
  const COUNT = 400;
  let rows: Row[] = [];
  beforeAll(async () => {
    await ensurePartitionsFor(db(), backend.backend, [START], START);
    await db().insertInto("projects").values({ id: PROJECT, name: "P", is_demo: false, created_at: START }).execute();
    await insertRows(db(), COUNT);
    rows = (await db().selectFrom("responses").select(["id", "occurred_at", "perplexity", "avg_logprob", "max_entropy_bits", "token_count", "flag_count", "output_text"]).execute())
      .map((r) => ({ id: Number(r.id), occurredAt: Number(r.occurred_at), perplexity: r.perplexity, avgLogprob: r.avg_logprob, maxEntropyBits: r.max_entropy_bits, tokenCount: r.token_count, flagCount: r.flag_count, text: r.output_text }));
    expect(rows).toHaveLength(COUNT);
  });

  async function paged(params: Record<string, string>, limit: number, searchCap?: number): Promise<number[]> {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const query = listResponsesQuerySchema.parse({ ...params, limit: String(limit), ...(cursor ? { cursor } : {}) });
      const page = await listResponses(PROJECT, query, { searchCap });
      expect(page.data.length).toBeLessThanOrEqual(limit);
      seen.push(...page.data.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  }

  it("lists every sort in both orders, nulls last, ties by id, whole and paged by cursor across the values and the nulls", async () => {
    for (const sort of SORTS) {
      for (const order of ["asc", "desc"] as const) {
        const expected = expectedOrder(rows, sort, order);
        expect(await paged({ sort, order }, 500), `${sort} ${order} whole`).toEqual(expected);
        // Pages of 7 end inside the values, on ties, and inside the nulls.
        expect(await paged({ sort, order }, 7), `${sort} ${order} paged`).toEqual(expected);
      }
    }
    expect(rows.some((r) => r.perplexity === null) && rows.some((r) => r.avgLogprob === null) && rows.some((r) => r.maxEntropyBits === null)).toBe(true);
  });

  it("pages a nullable sort within a time range and with other filters the same way", async () => {
    const from = START + 10 * HOUR, to = START + 30 * HOUR;
    const inRange = rows.filter((r) => r.occurredAt >= from && r.occurredAt < to);
    const flagged = inRange.filter((r) => r.flagCount > 0);
    for (const order of ["asc", "desc"] as const) {
      expect(await paged({ sort: "perplexity", order, from: String(from), to: String(to) }, 5)).toEqual(expectedOrder(inRange, "perplexity", order));
      expect(await paged({ sort: "maxEntropyBits", order, flagged: "true", from: String(from), to: String(to) }, 2)).toEqual(expectedOrder(flagged, "maxEntropyBits", order));
    }
  });

  it("finds exactly the rows containing a term, any case, for a rare term, a term matching more than the cap and a common one, paged", async () => {
    const CAP = 10;
    for (const term of ["needle", "MIDDLING", "Common", "zzqq"]) {
      const matching = rows.filter((r) => r.text.toLowerCase().includes(term.toLowerCase()));
      for (const sort of ["occurredAt", "perplexity"] as const) {
        const expected = expectedOrder(matching, sort, "desc");
        expect(await paged({ q: term, sort }, 4, CAP), `${term} by ${sort}`).toEqual(expected);
        expect(await paged({ q: term, sort, order: "asc" }, 500, CAP), `${term} by ${sort} asc`).toEqual(expectedOrder(matching, sort, "asc"));
      }
      expect((await countResponses(PROJECT, responseFilterSchema.parse({ q: term }), { searchCap: CAP })).total, term).toBe(matching.length);
    }
    const needles = rows.filter((r) => r.text.includes("NeedLe")).length;
    expect(needles).toBeGreaterThan(0);
    expect(needles).toBeLessThanOrEqual(CAP);
    expect(rows.filter((r) => r.text.includes("middling")).length).toBeGreaterThan(CAP);
    // On PostgreSQL the rare term went through its matches, the others through the plain query.
    const matches = async (q: string) => searchMatches(db(), PROJECT, responseFilterSchema.parse({ q }), CAP);
    if (backend.backend === "postgres") {
      expect(await matches("needle")).toEqual({ kind: "rare", ids: expect.any(Array) });
      expect(await matches("needle")).toMatchObject({ ids: { length: needles } });
      expect(await matches("zzqq")).toEqual({ kind: "rare", ids: [] });
      expect(await matches("middling")).toEqual({ kind: "common" });
      // pg_trgm extracts no trigram from these: the plain query serves them.
      expect(await matches("ne")).toBeNull();
      expect(await matches("%_%")).toBeNull();
    } else {
      expect(await matches("needle")).toBeNull();
    }
  });

  it.runIf(backend.backend === "postgres")("estimates a search term's count on PostgreSQL from the newest rows when asked to (budget 0): responses in range x the sample's share", async () => {
    const from = START + 5 * HOUR, to = START + 45 * HOUR;
    const inRange = rows.filter((r) => r.occurredAt >= from && r.occurredAt < to);
    const newest = inRange.slice().sort((a, b) => b.occurredAt - a.occurredAt).slice(0, 40);
    const share = newest.filter((r) => r.text.toLowerCase().includes("middling")).length / newest.length;
    await recountHourlyRollups(db());
    const filter = responseFilterSchema.parse({ q: "middling", from: String(from), to: String(to) });
    const estimate = await countResponses(PROJECT, filter, { searchCap: 10, budgetMs: 0, sampleRows: 40 });
    expect(estimate).toEqual({ total: Math.round(inRange.length * share), estimated: true });
    // Not the exact count here: the newest 40 hold a different share than the range.
    const exact = inRange.filter((r) => r.text.includes("middling")).length;
    expect(estimate.total).not.toBe(exact);
    expect(await countResponses(PROJECT, filter, { searchCap: 10, budgetMs: 10_000 })).toEqual({ total: exact });
    // A rare term is still counted exactly from its matches.
    expect(await countResponses(PROJECT, responseFilterSchema.parse({ q: "zzqq" }), { searchCap: 0, budgetMs: 0 })).toEqual({ total: 0 });
  });

  it("takes % and _ in a search term literally on either path", async () => {
    await db().insertInto("responses").values([
      { project_id: PROJECT, external_id: "lit-1", model: "m", source_format: "openai.chat", received_at: START, sudden_drops: 0, ...rowValues(1), output_text: "rate 100%_sure ok" },
      { project_id: PROJECT, external_id: "lit-2", model: "m", source_format: "openai.chat", received_at: START, sudden_drops: 0, ...rowValues(2), output_text: "rate 100xxsure ok" },
    ]).execute();
    for (const cap of [10, 0]) {
      const found = await listResponses(PROJECT, listResponsesQuerySchema.parse({ q: "100%_sure" }), { searchCap: cap });
      expect(found.data.map((r) => r.externalId)).toEqual(["lit-1"]);
    }
  });
});

/** Enough rows that PostgreSQL's planner weighs an index scan against reading everything. */
describeEachBackend("explorer nullable sorts use an index for their order", (backend) => {
  beforeAll(async () => {
    await ensurePartitionsFor(db(), backend.backend, [START], START);
    await db().insertInto("projects").values({ id: PROJECT, name: "P", is_demo: false, created_at: START }).execute();
    await insertRows(db(), 20_000);
    await sql`ANALYZE`.execute(db());
  });

  async function plan(sort: Sort, order: "asc" | "desc", part: ReturnType<typeof responseListParts>[number], cursor?: { value: number | null; id: number }): Promise<string> {
    const query = listResponsesQuerySchema.parse({ sort, order, limit: "50", from: String(START), to: String(START + 40 * HOUR) });
    const compiled = pageIdsQuery(PROJECT, query, cursor, { part }).compile();
    const prefix = backend.backend === "postgres" ? "EXPLAIN (COSTS OFF)" : "EXPLAIN QUERY PLAN";
    const { rows } = await db().executeQuery<Record<string, unknown>>({ ...compiled, sql: `${prefix} ${compiled.sql}` });
    return rows.map((row) => String(row["QUERY PLAN"] ?? row.detail)).join("\n");
  }

  it.runIf(backend.backend === "postgres")("answers an estimate when counting a common term outlasts the budget (PostgreSQL), the exact count within it", async () => {
    await recountHourlyRollups(db());
    const filter = responseFilterSchema.parse({ q: "words" });
    // 20,000 rows to test: far more than a millisecond.
    expect(await countResponses(PROJECT, filter, { budgetMs: 1 })).toEqual({ total: 20_000, estimated: true });
    expect(await countResponses(PROJECT, filter, { budgetMs: 30_000 })).toEqual({ total: 20_000 });
  });

  it("reads the values, then the nulls, each in index order, on the first page and after a cursor", async () => {
    for (const sort of ["perplexity", "avgLogprob", "maxEntropyBits"] as const) {
      for (const order of ["asc", "desc"] as const) {
        expect(responseListParts(listResponsesQuerySchema.parse({ sort }))).toEqual(["values", "nulls"]);
        for (const [part, cursor] of [["values", undefined], ["values", { value: 1.5, id: 9_000 }], ["nulls", undefined], ["nulls", { value: null, id: 9_000 }]] as const) {
          const text = await plan(sort, order, part, cursor);
          if (backend.backend === "sqlite") {
            expect(text, `${sort} ${order} ${part}`).not.toMatch(/TEMP B-TREE/);
            expect(text).toMatch(/USING (COVERING )?INDEX/);
          } else {
            // A Sort node (a Merge Append of ordered partitions prints its Sort Key, which is fine).
            expect(text, `${sort} ${order} ${part}`).not.toMatch(/^\s*(->\s*)?(Incremental )?Sort(?! Key)/m);
          }
        }
      }
    }
  });

  it("answers a term whose trigrams are everywhere but which matches nothing the same, whether its lookup finishes or runs out of time", async () => {
    // "words common": every trigram is in every row, the phrase in none; the lookup rechecks all 20,000.
    const filter = responseFilterSchema.parse({ q: "words common" });
    if (backend.backend === "postgres") {
      expect(await searchMatches(db(), PROJECT, filter, 1000, 1)).toEqual({ kind: "common" });
      expect(await searchMatches(db(), PROJECT, filter, 1000, 60_000)).toEqual({ kind: "rare", ids: [] });
    }
    for (const budget of [1, 60_000]) {
      const page = await listResponses(PROJECT, listResponsesQuerySchema.parse({ q: "words common", limit: "5" }), { searchBudgetMs: budget });
      expect(page).toEqual({ data: [], nextCursor: null });
      const byPerplexity = await listResponses(PROJECT, listResponsesQuerySchema.parse({ q: "words 1999", sort: "perplexity" }), { searchBudgetMs: budget });
      const expected = Array.from({ length: 20_000 }, (_, i) => i).filter((i) => rowValues(i).output_text.includes("words 1999")).map((i) => `r${i}`);
      expect(byPerplexity.data.map((r) => r.externalId).sort()).toEqual(expected.sort());
      expect(expected.length).toBeGreaterThan(1);
    }
    // The connection that ran out of time is clean: the next query on the pool runs normally.
    // (Rows written straight into `responses` here, not through ingest: count them, not the rollups.)
    expect(Number((await db().selectFrom("responses").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n)).toBe(20_000);
  });
});
