import crypto from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { describeEachBackend } from "@/tests/backends";
import { blob, bucketIndex, containsIgnoringCase, hourBucket, nowMs } from "./dialect";

/** The data layer returns the same JavaScript values from SQLite and PostgreSQL. */
describeEachBackend("data layer", ({ backend, db }) => {
  const occurredAt = Date.UTC(2026, 10, 27, 13, 45, 12, 345);
  // Every byte value, twice, and a NUL-led tail: a blob must come back byte-exact.
  const tokens = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), crypto.randomBytes(4096), Buffer.from([0, 0, 255])]);

  async function insertResponse(externalId: string, outputText: string, at = occurredAt): Promise<number> {
    const row = await db()
      .insertInto("responses")
      .values({
        project_id: "p1", external_id: externalId, model: "gpt-test", source_format: "openai.chat",
        occurred_at: at, received_at: at + 5, output_text: outputText, token_count: 3, sudden_drops: 0,
        tags: JSON.stringify(["a", "b"]), avg_logprob: -0.25,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it("writes a project, a response and its token blob, and reads them back unchanged", async () => {
    await db().insertInto("projects").values({ id: "p1", name: "One", is_demo: true, created_at: occurredAt }).execute();
    const id = await insertResponse("ext-1", "Hello, world");
    await db().insertInto("response_tokens").values({ response_id: id, occurred_at: occurredAt, tokens_blob: blob(new Uint8Array(tokens)), prompt_tokens_blob: null }).execute();

    const project = await db().selectFrom("projects").selectAll().where("id", "=", "p1").executeTakeFirstOrThrow();
    expect(Boolean(project.is_demo)).toBe(true);
    expect(project.created_at).toBe(occurredAt);

    const response = await db().selectFrom("responses").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(response).toMatchObject({ external_id: "ext-1", occurred_at: occurredAt, received_at: occurredAt + 5, sample_index: 0, flag_count: 0, avg_logprob: -0.25, metadata: null });
    expect(typeof response.tags).toBe("string");
    expect(JSON.parse(response.tags as string)).toEqual(["a", "b"]);

    const stored = await db().selectFrom("response_tokens").selectAll().where("response_id", "=", id).executeTakeFirstOrThrow();
    expect(Buffer.isBuffer(stored.tokens_blob)).toBe(true);
    expect(stored.tokens_blob.equals(tokens)).toBe(true);
    expect(stored.prompt_tokens_blob).toBeNull();
  });

  it("returns counts and sums as numbers", async () => {
    const row = await db()
      .selectFrom("responses")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.sum<number>("occurred_at").as("total")])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ n: 1, total: occurredAt });
  });

  it("upserts with ON CONFLICT arithmetic", async () => {
    const add = (count: number) =>
      db()
        .insertInto("response_hourly_rollups")
        .values({ project_id: "p1", tag: "", bucket_start: 0, model: "m", response_count: count, token_count: 1, flagged_count: 0, sum_avg_logprob: -0.5, avg_logprob_count: 1, sum_min_logprob: -1, min_logprob_count: 1 })
        .onConflict((oc) => oc.columns(["project_id", "tag", "bucket_start", "model"]).doUpdateSet((eb) => ({
          response_count: eb("response_hourly_rollups.response_count", "+", eb.ref("excluded.response_count")),
          sum_avg_logprob: eb("response_hourly_rollups.sum_avg_logprob", "+", eb.ref("excluded.sum_avg_logprob")),
        })))
        .execute();
    await add(2);
    await add(3);
    const row = await db().selectFrom("response_hourly_rollups").select(["response_count", "sum_avg_logprob"]).executeTakeFirstOrThrow();
    expect(row).toEqual({ response_count: 5, sum_avg_logprob: -1 });
  });

  it("buckets instants by hour and by any width, truncating", async () => {
    const row = await db()
      .selectFrom("responses")
      .select([hourBucket("occurred_at").as("hour"), bucketIndex(backend, "occurred_at", occurredAt - 2_999, 1_000).as("index")])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ hour: Date.UTC(2026, 10, 27, 13), index: 2 });
  });

  it("searches text case-insensitively, taking % _ and \\ literally", async () => {
    await insertResponse("ext-2", "100% sure_thing \\o/");
    await insertResponse("ext-3", "100 percent sure thing");
    const search = async (needle: string) =>
      (await db().selectFrom("responses").select("external_id").where(containsIgnoringCase(backend, "output_text", needle)).orderBy("external_id").execute()).map((r) => r.external_id);
    expect(await search("HELLO")).toEqual(["ext-1"]);
    expect(await search("0% S")).toEqual(["ext-2"]);
    expect(await search("sure_thing")).toEqual(["ext-2"]);
    expect(await search("\\o/")).toEqual(["ext-2"]);
    expect(await search("sure thing")).toEqual(["ext-3"]);
  });

  it("reads the database clock in Unix ms", async () => {
    const before = Date.now();
    const { rows } = await sql<{ now: number }>`SELECT ${nowMs(backend)} AS now`.execute(db());
    expect(rows[0]?.now).toBeGreaterThanOrEqual(before - 1_000);
    expect(rows[0]?.now).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(Number.isInteger(rows[0]?.now)).toBe(true);
  });
});

describe("dialect helpers", () => {
  it("refuses a fractional bucket width rather than building SQL from it", () => {
    expect(() => bucketIndex("sqlite", "occurred_at", 0, 1.5)).toThrow(RangeError);
  });
});
