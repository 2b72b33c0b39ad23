import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { describeEachBackend } from "@/tests/backends";
import type { DataLayer } from "./database";
import { blob } from "./dialect";
import {
  ensurePartitionsAround, ensurePartitionsFor, forgetKnownPartitions, listMonthlyPartitions, monthsAround, monthStart, partitionMonth, partitionName,
} from "./partitions";

describe("monthly partition arithmetic", () => {
  it("names a month by its UTC start and reads the name back", () => {
    const march = Date.UTC(2024, 2, 1);
    expect(monthStart(Date.UTC(2024, 2, 31, 23, 59, 59, 999))).toBe(march);
    expect(partitionName("responses", march)).toBe("responses_p2024_03");
    expect(partitionMonth("response_tokens", "response_tokens_p2024_03")).toBe(march);
    expect(partitionMonth("response_tokens", "responses_p2024_03")).toBeNull();
    expect(partitionMonth("responses", "responses_default")).toBeNull();
    expect(() => partitionName("responses", Date.UTC(12000, 0, 1))).toThrow(RangeError);
  });

  it("keeps one month back to two months ahead, across a year end", () => {
    expect(monthsAround(Date.UTC(2026, 11, 31, 23)).map((m) => partitionName("responses", m))).toEqual([
      "responses_p2026_11", "responses_p2026_12", "responses_p2027_01", "responses_p2027_02",
    ]);
  });
});

const PROJECT = "p-part";

async function insertResponse(db: DataLayer, externalId: string | null, occurredAt: number): Promise<number | undefined> {
  const row = await db
    .insertInto("responses")
    .values({
      project_id: PROJECT, external_id: externalId, model: "m", source_format: "openai.chat", occurred_at: occurredAt,
      received_at: occurredAt, output_text: "text", token_count: 1, sudden_drops: 0,
    })
    // No conflict target: PostgreSQL's partitioned responses table has no arbiter index (the
    // uniqueness lives in response_keys, claimed by a trigger); SQLite uses its unique index.
    .onConflict((oc) => oc.doNothing())
    .returning("id")
    .executeTakeFirst();
  if (row) {
    await db.insertInto("response_tokens").values({ response_id: row.id, occurred_at: occurredAt, tokens_blob: blob(new Uint8Array([1, 2, 3])), prompt_tokens_blob: null }).execute();
  }
  return row?.id;
}

/** The partition a row is stored in (PostgreSQL), e.g. responses_p2024_03 or responses_default. */
async function storedIn(db: DataLayer, table: "responses" | "response_tokens", idColumn: "id" | "response_id", id: number): Promise<string> {
  const { rows } = await sql<{ part: string }>`SELECT tableoid::regclass::text AS part FROM ${sql.table(table)} WHERE ${sql.ref(idColumn)} = ${id}`.execute(db);
  return rows[0]?.part ?? "missing";
}

describeEachBackend("time partitions", ({ backend, db }) => {
  const now = Date.UTC(2026, 10, 27, 12);
  beforeAll(async () => {
    await db().insertInto("projects").values({ id: PROJECT, name: "Partitions", created_at: now }).execute();
  });

  it("are created ahead from one month back to two months ahead, once", async () => {
    const first = await ensurePartitionsAround(db(), backend, now);
    if (backend === "sqlite") {
      expect(first).toEqual({ created: [], skipped: [] });
      return;
    }
    const months = ["2026_10", "2026_11", "2026_12", "2027_01"];
    expect(first.created.sort()).toEqual(months.flatMap((m) => [`response_tokens_p${m}`, `responses_p${m}`]).sort());
    expect((await listMonthlyPartitions(db(), "responses")).map((p) => p.name)).toEqual(months.map((m) => `responses_p${m}`));
    expect((await listMonthlyPartitions(db(), "response_tokens")).map((p) => p.name)).toEqual(months.map((m) => `response_tokens_p${m}`));
    // Cached, and idempotent once the cache is gone (another instance, a restart).
    expect((await ensurePartitionsAround(db(), backend, now)).created).toEqual([]);
    forgetKnownPartitions(db());
    expect((await ensurePartitionsAround(db(), backend, now)).created).toEqual([]);
  });

  it.runIf(backend === "postgres")("partition responses and token blobs by range on occurred_at", async () => {
    const { rows } = await sql<{ name: string; strategy: string; key: string }>`
      SELECT c.relname AS name, p.partstrat AS strategy, a.attname AS key FROM pg_partitioned_table p
      JOIN pg_class c ON c.oid = p.partrelid JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
      ORDER BY c.relname`.execute(db());
    expect(rows).toEqual([
      { name: "response_tokens", strategy: "r", key: "occurred_at" },
      { name: "responses", strategy: "r", key: "occurred_at" },
    ]);
  });

  it.runIf(backend === "postgres")("store token blobs out of line uncompressed (EXTERNAL) in every partition, months created after the migration too", async () => {
    const later = Date.UTC(2025, 6, 4);
    const ensured = await ensurePartitionsFor(db(), backend, [later], now);
    expect(ensured.created).toContain("response_tokens_p2025_07");
    const { rows } = await sql<{ table: string; column: string; storage: string }>`
      SELECT c.relname AS table, a.attname AS column, a.attstorage AS storage
      FROM pg_partition_tree('response_tokens'::regclass) t
      JOIN pg_class c ON c.oid = t.relid JOIN pg_attribute a ON a.attrelid = t.relid
      WHERE a.attname IN ('tokens_blob', 'prompt_tokens_blob')
      UNION ALL
      SELECT 'probe_samples', a.attname, a.attstorage FROM pg_attribute a
      WHERE a.attrelid = 'probe_samples'::regclass AND a.attname = 'tokens_blob'`.execute(db());
    const tables = new Set(rows.map((row) => row.table));
    // the parent, DEFAULT, the months ensured at start and the one just created, and probe samples
    for (const name of ["response_tokens", "response_tokens_default", "response_tokens_p2026_11", "response_tokens_p2025_07", "probe_samples"]) expect(tables).toContain(name);
    expect(rows.filter((row) => row.storage !== "e")).toEqual([]);
    // A blob over the TOAST threshold is stored as given: its stored size is its length (no pglz).
    const big = Buffer.alloc(64 * 1024, 7); // pglz would shrink this to a few hundred bytes
    const id = (await insertResponse(db(), "external-1", later)) as number;
    await db().updateTable("response_tokens").set({ tokens_blob: blob(big) }).where("response_id", "=", id).execute();
    const stored = await sql<{ size: number }>`SELECT pg_column_size(tokens_blob)::int AS size FROM response_tokens WHERE response_id = ${id}`.execute(db());
    expect(stored.rows[0]?.size).toBeGreaterThanOrEqual(big.length);
  });

  it("take an insert far in the past and in the future, each in its own month", async () => {
    const past = Date.UTC(2024, 2, 15, 8);
    const future = Date.UTC(2027, 10, 30, 23, 59); // the last month of the on-demand window
    const ensured = await ensurePartitionsFor(db(), backend, [past, future, past + 1], now);
    const pastId = await insertResponse(db(), "old-1", past);
    const futureId = await insertResponse(db(), "future-1", future);
    expect(pastId).toBeDefined();
    expect(futureId).toBeDefined();
    const stored = await db().selectFrom("response_tokens").select(["response_id", "occurred_at"]).where("response_id", "in", [pastId as number, futureId as number]).orderBy("occurred_at").execute();
    expect(stored).toEqual([{ response_id: pastId, occurred_at: past }, { response_id: futureId, occurred_at: future }]);
    if (backend === "postgres") {
      expect(ensured.created.sort()).toEqual(["response_tokens_p2024_03", "response_tokens_p2027_11", "responses_p2024_03", "responses_p2027_11"]);
      expect(await storedIn(db(), "responses", "id", pastId as number)).toBe("responses_p2024_03");
      expect(await storedIn(db(), "response_tokens", "response_id", pastId as number)).toBe("response_tokens_p2024_03");
      expect(await storedIn(db(), "responses", "id", futureId as number)).toBe("responses_p2027_11");
    }
  });

  it("take times outside 20 years back to 1 year ahead too, in DEFAULT, without a partition per month", async () => {
    const times = [Date.UTC(1990, 0, 1), Date.UTC(2099, 11, 31), Date.UTC(2150, 5, 1)];
    const ensured = await ensurePartitionsFor(db(), backend, times, now);
    expect(ensured).toEqual({ created: [], skipped: [] });
    const ids = [];
    for (const [i, at] of times.entries()) ids.push(await insertResponse(db(), `far-${i}`, at));
    expect(ids.every((id) => id !== undefined)).toBe(true);
    if (backend === "postgres") {
      for (const id of ids) expect(await storedIn(db(), "responses", "id", id as number)).toBe("responses_default");
    }
  });

  it("never refuse an insert for a month nobody created", async () => {
    expect(await insertResponse(db(), "uncreated-1", Date.UTC(2031, 4, 9))).toBeDefined();
  });

  it.runIf(backend === "postgres")("put an insert for a month nobody created in DEFAULT, and keep that month there", async () => {
    const uncreated = Date.UTC(2031, 4, 10);
    const id = await insertResponse(db(), "uncreated-2", uncreated);
    expect(id).toBeDefined();
    expect(await storedIn(db(), "responses", "id", id as number)).toBe("responses_default");
    expect(await storedIn(db(), "response_tokens", "response_id", id as number)).toBe("response_tokens_default");
    const ensured = await ensurePartitionsFor(db(), backend, [uncreated], uncreated);
    expect(ensured).toEqual({ created: [], skipped: ["responses_p2031_05"] });
    expect(await storedIn(db(), "responses", "id", id as number)).toBe("responses_default");
  });

  it("store a resent external id once, even with another occurred_at (another partition)", async () => {
    const march = Date.UTC(2024, 2, 20);
    await ensurePartitionsFor(db(), backend, [march, now], now);
    const first = await insertResponse(db(), "dup-1", march);
    const again = await insertResponse(db(), "dup-1", now);
    expect(first).toBeDefined();
    expect(again).toBeUndefined();
    // Concurrent claims of one key, on separate connections: exactly one row.
    const racing = await Promise.all([1, 2, 3, 4].map((i) => insertResponse(db(), "race-1", now + i)));
    expect(racing.filter((id) => id !== undefined)).toHaveLength(1);
    const counts = await db().selectFrom("responses").select(["external_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("external_id", "in", ["dup-1", "race-1"]).groupBy("external_id").orderBy("external_id").execute();
    expect(counts).toEqual([{ external_id: "dup-1", n: 1 }, { external_id: "race-1", n: 1 }]);
    // Responses without an external id are never deduplicated.
    expect(await insertResponse(db(), null, now)).toBeDefined();
    expect(await insertResponse(db(), null, now)).toBeDefined();
  });

  it("delete a response's key, tokens and tags with it, so the external id can be sent again", async () => {
    const id = (await insertResponse(db(), "gone-1", now)) as number;
    await db().insertInto("response_tags").values({ response_id: id, project_id: PROJECT, tag: "t", occurred_at: now }).execute();
    await db().deleteFrom("responses").where("id", "=", id).execute();
    expect(await db().selectFrom("response_tokens").select("response_id").where("response_id", "=", id).execute()).toEqual([]);
    expect(await db().selectFrom("response_tags").select("response_id").where("response_id", "=", id).execute()).toEqual([]);
    expect(await insertResponse(db(), "gone-1", now)).toBeDefined();
  });
});
