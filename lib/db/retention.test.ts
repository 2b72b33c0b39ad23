import { sql } from "kysely";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { describeEachBackend } from "@/tests/backends";
import type { DataLayer } from "./database";
import { blob } from "./dialect";
import { DAY_MS, ensurePartitionsFor } from "./partitions";
import { removeExpiredTokens, startRetentionJob, tokensRemovedBy } from "./retention";

describe("tokensRemovedBy", () => {
  const now = Date.UTC(2026, 10, 27);
  const old = { hasTokenBlob: false, tokenCount: 12, occurredAt: now - 31 * DAY_MS };
  it("names retention only for a response that had tokens, lost its blob, and is older than the cutoff", () => {
    expect(tokensRemovedBy(old, 30, now)).toEqual({ by: "retention", afterDays: 30 });
    expect(tokensRemovedBy({ ...old, hasTokenBlob: true }, 30, now)).toBeNull();
    expect(tokensRemovedBy({ ...old, tokenCount: 0 }, 30, now)).toBeNull();
    expect(tokensRemovedBy({ ...old, occurredAt: now - 29 * DAY_MS }, 30, now)).toBeNull();
    expect(tokensRemovedBy(old, undefined, now)).toBeNull();
  });
});

const PROJECT = "p-retention";
const NOW = Date.UTC(2026, 10, 27, 12);
/** With 30 days, the cutoff is 2026-10-28 12:00 UTC. */
const DAYS = 30;
const AT = {
  august: Date.UTC(2026, 7, 10), // a month entirely older: its blob partition is dropped on PostgreSQL
  septemberEnd: Date.UTC(2026, 8, 30, 23), // idem
  octoberOld: Date.UTC(2026, 9, 5), // the boundary month, before the cutoff: deleted row by row
  octoberNew: Date.UTC(2026, 9, 29), // the boundary month, after the cutoff: kept
  november: Date.UTC(2026, 10, 20), // kept
  defaultOld: Date.UTC(2025, 0, 15), // no partition made for it: in DEFAULT on PostgreSQL, deleted row by row
};
type Moment = keyof typeof AT;

async function insertWithTokens(db: DataLayer, name: Moment): Promise<number> {
  const occurredAt = AT[name];
  const { id } = await db
    .insertInto("responses")
    .values({ project_id: PROJECT, external_id: name, model: "m", source_format: "openai.chat", occurred_at: occurredAt, received_at: occurredAt, output_text: name, token_count: 3, sudden_drops: 0, avg_logprob: -0.5 })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("response_tokens").values({ response_id: id, occurred_at: occurredAt, tokens_blob: blob(new Uint8Array([1, 2, 3])), prompt_tokens_blob: null }).execute();
  await db.insertInto("response_tags").values({ response_id: id, project_id: PROJECT, tag: "kept", occurred_at: occurredAt }).execute();
  await db.insertInto("response_hourly_rollups")
    .values({ project_id: PROJECT, tag: "", bucket_start: occurredAt, model: "m", response_count: 1, token_count: 3, flagged_count: 0, sum_avg_logprob: -0.5, avg_logprob_count: 1, sum_min_logprob: -1, min_logprob_count: 1 })
    .execute();
  return id;
}

describeEachBackend("retention of token blobs", ({ backend, db }) => {
  const ids = {} as Record<Moment, number>;
  beforeAll(async () => {
    await db().insertInto("projects").values({ id: PROJECT, name: "Retention", created_at: NOW }).execute();
    const { defaultOld: _notCreated, ...partitioned } = AT;
    await ensurePartitionsFor(db(), backend, Object.values(partitioned), NOW);
    for (const name of Object.keys(AT) as Moment[]) ids[name] = await insertWithTokens(db(), name);
  });

  const tokenOwners = async () =>
    (await db().selectFrom("response_tokens").select("response_id").orderBy("response_id").execute()).map((r) => r.response_id);
  const partitionExists = async (name: string) =>
    (await sql<{ found: string | null }>`SELECT to_regclass(${name})::text AS found`.execute(db())).rows[0]?.found === name;

  it("removes the blobs older than the cutoff and keeps the newer ones", async () => {
    // A batch of one row: the batched delete loops until nothing older is left.
    const result = await removeExpiredTokens(db(), backend, DAYS, NOW, 1);
    expect(await tokenOwners()).toEqual([ids.octoberNew, ids.november].sort((a, b) => a - b));
    expect(result.cutoffMs).toBe(Date.UTC(2026, 9, 28, 12));
    if (backend === "postgres") {
      expect(result.droppedPartitions).toEqual(["response_tokens_p2026_08", "response_tokens_p2026_09"]);
      expect(result.deletedRows).toBe(2); // octoberOld from its partition, defaultOld from DEFAULT
      expect(await partitionExists("response_tokens_p2026_08")).toBe(false);
      expect(await partitionExists("response_tokens_p2026_10")).toBe(true);
    } else {
      expect(result).toMatchObject({ droppedPartitions: [], deletedRows: 4 });
    }
  });

  it("keeps every response, its metrics and tags, and the rollups", async () => {
    const responses = await db().selectFrom("responses").select(["id", "token_count", "avg_logprob"]).where("project_id", "=", PROJECT).execute();
    expect(responses).toHaveLength(Object.keys(AT).length);
    expect(responses.every((r) => r.token_count === 3 && r.avg_logprob === -0.5)).toBe(true);
    const tags = await db().selectFrom("response_tags").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(tags.n)).toBe(Object.keys(AT).length);
    const rollups = await db().selectFrom("response_hourly_rollups").select((eb) => eb.fn.sum<number>("response_count").as("n")).executeTakeFirstOrThrow();
    expect(Number(rollups.n)).toBe(Object.keys(AT).length);
    if (backend === "postgres") expect(await partitionExists("responses_p2026_08")).toBe(true);
  });

  it("finds nothing more to remove on the next run, and tokens arriving later for a dropped month are stored", async () => {
    expect(await removeExpiredTokens(db(), backend, DAYS, NOW)).toMatchObject({ droppedPartitions: [], deletedRows: 0 });
    const lateAt = Date.UTC(2026, 7, 11);
    await ensurePartitionsFor(db(), backend, [lateAt], NOW);
    const { id } = await db()
      .insertInto("responses")
      .values({ project_id: PROJECT, external_id: "late", model: "m", source_format: "openai.chat", occurred_at: lateAt, received_at: NOW, output_text: "late", token_count: 3, sudden_drops: 0 })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db().insertInto("response_tokens").values({ response_id: id, occurred_at: lateAt, tokens_blob: blob(new Uint8Array([9])), prompt_tokens_blob: null }).execute();
    expect(await tokenOwners()).toContain(id);
    if (backend === "postgres") expect(await partitionExists("response_tokens_p2026_08")).toBe(true);
  });

  it("does not run at all without LOUPE_RETENTION_DAYS: no query, no timer", () => {
    // A run's first query is built before its first await, so one would show here at once.
    const touched: PropertyKey[] = [];
    const watched = new Proxy(db(), {
      get(target, key, receiver) {
        touched.push(key);
        return Reflect.get(target, key, receiver);
      },
    });
    vi.useFakeTimers();
    try {
      startRetentionJob(watched, backend, undefined)();
      expect(touched).toEqual([]);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("runs as a background job from its start", async () => {
    const longAgo = Date.UTC(2020, 5, 1);
    const { id } = await db()
      .insertInto("responses")
      .values({ project_id: PROJECT, external_id: "job", model: "m", source_format: "openai.chat", occurred_at: longAgo, received_at: longAgo, output_text: "job", token_count: 3, sudden_drops: 0 })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db().insertInto("response_tokens").values({ response_id: id, occurred_at: longAgo, tokens_blob: blob(new Uint8Array([7])), prompt_tokens_blob: null }).execute();
    const stop = startRetentionJob(db(), backend, 365, 60_000);
    try {
      for (let waited = 0; (await tokenOwners()).includes(id) && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await tokenOwners()).not.toContain(id);
    } finally {
      stop();
    }
  });
});
