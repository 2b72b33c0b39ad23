import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, revokeApiKey } from "@/lib/accounts/apiKeyAdmin";
import { inviteMember } from "@/lib/accounts/members";
import { createProject } from "@/lib/accounts/projects";
import { createUser } from "@/lib/accounts/users";
import { LoginThrottle } from "@/lib/auth/loginThrottle";
import { takeIngestToken } from "@/lib/api/rateLimit";
import { createSession } from "@/lib/auth/sessions";
import { resetEnvCache } from "@/lib/config/env";
import { applyGroundTruth } from "@/lib/classification/groundTruth";
import { scoreTaskStep } from "@/lib/classification/scoring";
import { createTask } from "@/lib/classification/tasks";
import { seedDemo } from "@/lib/demo/seedDemo";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { encodeTokens } from "@/lib/storage/tokenBlob";
import { describePostgres } from "@/tests/backends";
import { copyDatabase, CopyRefusedError, copyTables, type CopyOptions } from "./copyDatabase";
import { DEFAULT_PROJECT_ID, ensureDefaultProject } from "./bootstrap";
import { closeDatabases, db } from "./database";
import type { TableInfo } from "./introspect";
import { createStoredProvider } from "@/lib/providers/providerStore";
import { createThresholdJob } from "@/lib/alerts/thresholdJobs";
import { SYSTEM_ACTOR } from "@/lib/audit/auditLog";
import { recordVerdict } from "@/lib/triage/verdicts";
import { enqueueNewAlerts } from "@/lib/webhooks/deliveryQueue";
import { createWebhook } from "@/lib/webhooks/webhookStore";
import { migrate } from "./migrate";
import { closeSqlite, sqlite } from "./sqlite";

/**
 * db:copy on real databases: a SQLite source filled through the real ingest path (demo traffic
 * with token blobs, a vLLM completion with prompt logprobs, JSON with unsorted keys) and the
 * account code (users, sessions, projects, members, invitations, keys, audit rows, settings),
 * copied SQLite -> SQLite and SQLite -> PostgreSQL -> SQLite, interrupted and resumed.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-copy-"));
const sqliteUrl = (name: string) => `file:${path.join(dir, `${name}.db`)}`;
const sourceUrl = sqliteUrl("source");
let deletedResponseId = 0;

beforeAll(async () => {
  const saved = { url: process.env.DATABASE_URL, key: process.env.LOUPE_API_KEY };
  process.env.DATABASE_URL = sourceUrl;
  delete process.env.LOUPE_API_KEY;
  resetEnvCache();
  try {
    deletedResponseId = await seedEveryTable(sqlite(sourceUrl));
  } finally {
    restoreEnv("DATABASE_URL", saved.url);
    restoreEnv("LOUPE_API_KEY", saved.key);
    resetEnvCache();
  }
});

afterAll(async () => {
  await closeDatabases();
  closeSqlite();
  fs.rmSync(dir, { recursive: true, force: true });
});

function restoreEnv(name: string, value: string | undefined) {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

const vllmCompletion = {
  id: "cmpl-4f1c",
  object: "text_completion",
  created: 1_700_000_000,
  model: "Qwen/Qwen2.5-0.5B",
  choices: [
    {
      index: 0,
      text: " Paris 🗼",
      logprobs: { text_offset: [20, 26], token_logprobs: [-0.2, -1.25], tokens: [" Paris", " 🗼"], top_logprobs: [{ " Paris": -0.2 }, { " 🗼": -1.25 }] },
      finish_reason: "length",
      prompt_logprobs: [null, { "6722": { logprob: -1.5, rank: 1, decoded_token: " capital" } }, { "315": { logprob: -0.01, rank: 1, decoded_token: " of" } }],
    },
  ],
  usage: { prompt_tokens: 3, total_tokens: 5, completion_tokens: 2 },
};

/** Fills every table through the code that writes it in the app; returns the id of a response deleted afterwards. */
async function seedEveryTable(source: ReturnType<typeof sqlite>): Promise<number> {
  migrate(source);
  const layer = db(`file:${source.name}`);
  await ensureDefaultProject(layer);
  const now = Date.UTC(2026, 10, 20, 12);
  expect(await seedDemo(layer, { count: 240, now })).toBe(240);
  // A webhook before the extra responses: their alerts are queued for it below.
  await createWebhook(layer, DEFAULT_PROJECT_ID, "http://127.0.0.1:9/hook", SYSTEM_ACTOR, true);
  const alerting = await ingestRecords(layer, DEFAULT_PROJECT_ID, [{ value: { id: "alerting", response: { tokens: [{ token: "ok", logprob: -0.01 }, { token: " no", logprob: -8 }] } } }]);
  expect(alerting.ingested).toBe(1);
  const extra = await ingestRecords(layer, DEFAULT_PROJECT_ID, [
    { value: { id: "vllm-prompt", response: vllmCompletion, tags: ["geo", "ünïcode"], metadata: { zeta: 1, alpha: { b: [1, 2.5, null], a: "x" } } } },
    { value: { id: "to-delete", response: vllmCompletion } },
  ]);
  expect(extra.ingested).toBe(2);
  expect(await takeIngestToken(layer, "seed-key", 60)).toEqual({ allowed: true });
  const admin = await createUser(layer, { email: "admin@example.com", name: "Ada", password: "correct horse battery", isAdmin: true });
  const actor = { userId: admin, email: "admin@example.com" };
  await createUser(layer, { email: "viewer@example.com", name: "Vic", password: "correct horse battery", isAdmin: false }, actor);
  await createSession(layer, admin);
  const project = await createProject(layer, "Team Ω", actor);
  await inviteMember(layer, project.id, "viewer@example.com", "viewer", actor);
  await inviteMember(layer, project.id, "newcomer@example.com", "member", actor);
  const key = await createApiKey(layer, project.id, "ci", ["ingest"], actor);
  await revokeApiKey(layer, project.id, key.id, actor);
  await createApiKey(layer, project.id, "reader", ["read"], actor);
  await new LoginThrottle(() => layer).fail({ email: "admin@example.com", address: "203.0.113.7" });
  await layer.insertInto("detector_settings").values({
    project_id: DEFAULT_PROJECT_ID, detector: "sustainedLowConfidence", enabled: false, thresholds: JSON.stringify({ minRun: 12 }), updated_at: now, updated_by: "admin@example.com",
  }).execute();
  await createStoredProvider(layer, "vllm-box", { preset: "vllm", baseURL: "http://10.0.0.5:8000/v1", apiKey: "sk-upstream-0123456789", models: ["qwen"], limits: { maxTopLogprobs: 10 } }, actor);
  const task = await createTask(layer, DEFAULT_PROJECT_ID, { name: "Geo", labels: ["Paris", "Rome"], tag: "geo" });
  while (await scoreTaskStep(layer, task.id));
  expect((await applyGroundTruth(layer, task, "vllm-prompt,Rome", "csv")).applied).toBe(1);
  // A drift probe set with a run and its tokens, written directly (the app writes them through the local model).
  await layer.insertInto("probe_sets").values({
    id: "00000000-0000-4000-8000-0000000000aa", project_id: DEFAULT_PROJECT_ID, name: "probes Ω", provider_id: "vllm-box", model: "m",
    prompts: JSON.stringify(["Once upon a time"]), max_tokens: 8, temperature: 0, top_logprobs: 10, runs_per_prompt: 1,
    interval_minutes: 60, kl_threshold: 0.1, next_run_at: now, created_at: now, updated_at: now,
  }).execute();
  const probeRun = await layer.insertInto("probe_runs").values({
    probe_set_id: "00000000-0000-4000-8000-0000000000aa", project_id: DEFAULT_PROJECT_ID, model: "m", status: "completed", is_baseline: true,
    started_at: now, finished_at: now,
  }).returning("id").executeTakeFirstOrThrow();
  await layer.insertInto("probe_samples").values({
    run_id: Number(probeRun.id), prompt_index: 0, repeat_index: 0, output_text: " Lily",
    tokens_blob: encodeTokens([{ token: " Lily", logprob: -0.1, bytes: null, top: [{ token: " Lily", logprob: -0.1, bytes: null }] }]),
  }).execute();
  expect(await enqueueNewAlerts(layer, now)).toBe(4);
  await recordVerdict(layer, DEFAULT_PROJECT_ID, extra.results[0]?.id as number, { verdict: "confirmed", note: "ünïcode note" }, "admin@example.com", now);
  await createThresholdJob(layer, DEFAULT_PROJECT_ID, 7, "admin@example.com", now);
  // A deleted response: its id must never be handed out again, on either side of a copy.
  const deleted = extra.results[1]?.id as number;
  source.prepare(`DELETE FROM responses WHERE id = ?`).run(deleted);
  return deleted;
}

type Dump = Record<string, Array<Record<string, unknown>>>;

/**
 * Every row of every table, in key order, as comparable values: booleans as 0/1 and, for the
 * columns in `parsedJson`, JSON parsed (PostgreSQL jsonb keeps the value, not the text).
 */
async function dump(url: string, tables: TableInfo[], parsedJson: ReadonlySet<string> = new Set()): Promise<Dump> {
  const result: Dump = {};
  for (const table of tables) {
    const order = sql.join((table.primaryKey.length > 0 ? table.primaryKey : table.columns.map((c) => c.name)).map((c) => sql.ref(c)));
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table.name)} ORDER BY ${order}`.execute(db(url));
    result[table.name] = rows.map((row) =>
      Object.fromEntries(
        table.columns.map(({ name, type }) => {
          const value = row[name];
          if (value === null || value === undefined) return [name, null];
          if (type === "boolean") return [name, Number(value)];
          if (parsedJson.has(`${table.name}.${name}`)) return [name, JSON.parse(String(value))];
          return [name, value];
        }),
      ),
    );
  }
  return result;
}

/** `table.column` of every JSON column that is jsonb on the PostgreSQL side (text not kept). */
function jsonbColumns(pgTables: TableInfo[]): Set<string> {
  return new Set(pgTables.flatMap((t) => t.columns.filter((c) => c.type === "jsonb").map((c) => `${t.name}.${c.name}`)));
}

async function nextId(url: string, table: string): Promise<number> {
  const values =
    table === "responses"
      ? sql`(project_id, model, source_format, occurred_at, received_at, output_text, token_count, sudden_drops) VALUES ('default', 'm', 'loupe', 1, 1, '', 0, 0)`
      : sql`(at, action) VALUES (1, 'probe')`;
  const { rows } = await sql<{ id: number }>`INSERT INTO ${sql.table(table)} ${values} RETURNING id`.execute(db(url));
  return Number(rows[0]?.id);
}

/** Runs a copy that a hook interrupts after `batches` batches of `table`; returns what it threw. */
async function interruptedCopy(options: CopyOptions, table: string, batches: number): Promise<unknown> {
  return copyDatabase({
    ...options,
    onBatch: (name, batch) => {
      if (name === table && batch > batches) throw new Error("simulated crash");
    },
  }).then(
    () => null,
    (error: unknown) => error,
  );
}

describe("the table list", () => {
  it("is every model of schema.prisma, parents before the tables that reference them", async () => {
    const prismaSchema = fs.readFileSync(path.resolve(__dirname, "../../prisma/schema.prisma"), "utf8");
    const models = (JSON.parse(get_dmmf(JSON.stringify({ prismaSchema }))).datamodel as { models: Array<{ name: string; dbName: string | null }> }).models;
    const tables = await copyTables(sourceUrl);
    expect(tables.map((t) => t.name).sort()).toEqual(models.map((m) => m.dbName ?? m.name).sort());
    const position = new Map(tables.map((t, i) => [t.name, i]));
    for (const table of tables) for (const ref of table.references) expect(position.get(ref)).toBeLessThan(position.get(table.name) as number);
  });

  it("has rows in every table of the seeded source, so the round trips below compare every table", async () => {
    const empty = [];
    for (const table of await copyTables(sourceUrl)) {
      const { rows } = await sql`SELECT 1 FROM ${sql.table(table.name)} LIMIT 1`.execute(db(sourceUrl));
      if (rows.length === 0) empty.push(table.name);
    }
    // A new table fails here until the seed above writes it: then db:copy is proven to carry it.
    expect(empty).toEqual([]);
    const prompt = sqlite(sourceUrl).prepare(`SELECT COUNT(*) AS n FROM response_tokens WHERE prompt_tokens_blob IS NOT NULL`).get() as { n: number };
    expect(prompt.n).toBeGreaterThan(0);
  });
});

describe("db:copy SQLite -> SQLite", () => {
  it("copies every table equal row by row, keeping ids, blob bytes, JSON text and the id counters", async () => {
    const target = sqliteUrl("plain");
    const progress: number[] = [];
    const result = await copyDatabase({ from: sourceUrl, to: target, batchSize: 64, onProgress: (p) => progress.push(p.rowsDone) });
    expect(result.outcome).toBe("copied");
    const tables = await copyTables(sourceUrl);
    expect(await dump(target, tables)).toEqual(await dump(sourceUrl, tables));
    expect(progress.at(-1)).toBe(result.tables.reduce((sum, t) => sum + t.rows, 0));
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(await nextId(target, "responses")).toBe(deletedResponseId + 1);
  });

  it("resumes an interrupted copy where it stopped, without writing a row twice", async () => {
    const target = sqliteUrl("resumed");
    const options = { from: sourceUrl, to: target, batchSize: 50 };
    const error = await interruptedCopy(options, "responses", 2);
    expect((error as Error).message).toMatch(/^copying response\w+: simulated crash$/);
    // Two whole batches survived; the third rolled back with its cursor.
    expect((sqlite(target).prepare(`SELECT COUNT(*) AS n FROM responses`).get() as { n: number }).n).toBe(100);

    const resumed = await copyDatabase(options);
    expect(resumed.outcome).toBe("resumed");
    const total = resumed.tables.reduce((sum, t) => sum + t.rows, 0);
    const responses = resumed.tables.find((t) => t.name === "responses")?.rows as number;
    expect(resumed.rowsWritten).toBeLessThan(total);
    expect(resumed.rowsWritten).toBeGreaterThanOrEqual(responses - 100);
    const tables = await copyTables(sourceUrl);
    expect(await dump(target, tables)).toEqual(await dump(sourceUrl, tables));

    const again = await copyDatabase(options);
    expect(again).toMatchObject({ outcome: "already-complete", rowsWritten: 0 });
  });

  it("stops at an abort between batches and resumes", async () => {
    const target = sqliteUrl("aborted");
    const controller = new AbortController();
    const stopped = await copyDatabase({
      from: sourceUrl, to: target, batchSize: 40, signal: controller.signal,
      onProgress: (p) => { if (p.rowsDone >= 200) controller.abort(); },
    }).catch((error: unknown) => error);
    expect((stopped as Error).name).toBe("AbortError");
    const resumed = await copyDatabase({ from: sourceUrl, to: target, batchSize: 40 });
    expect(resumed.outcome).toBe("resumed");
    const tables = await copyTables(sourceUrl);
    expect(await dump(target, tables)).toEqual(await dump(sourceUrl, tables));
  });

  it("re-copies a table without a primary key whole, also after an interruption", async () => {
    const from = sqliteUrl("keyless-source");
    const to = sqliteUrl("keyless-target");
    for (const url of [from, to]) {
      migrate(sqlite(url));
      sqlite(url).exec(`CREATE TABLE notes (body TEXT, at INTEGER)`);
    }
    sqlite(from).exec(`INSERT INTO notes VALUES ('b', 2), ('a', 1), ('a', 1), (NULL, 3)`);
    const error = await interruptedCopy({ from, to, batchSize: 2 }, "notes", 0);
    expect((error as Error).message).toBe("copying notes: simulated crash");
    expect((await copyDatabase({ from, to, batchSize: 2 })).outcome).toBe("resumed");
    const rows = (url: string) => sqlite(url).prepare(`SELECT body, at FROM notes ORDER BY at, body`).all();
    expect(rows(to)).toEqual(rows(from));
    expect(rows(to)).toHaveLength(4);
  });

  it("refuses a target holding other data or another source's copy unless forced", async () => {
    const other = sqliteUrl("other");
    migrate(sqlite(other));
    await ensureDefaultProject(db(other));
    await expect(copyDatabase({ from: sourceUrl, to: other })).rejects.toThrow(/is not empty \(.*projects.*\) and is not an interrupted copy of this source; --force/);

    const forced = await copyDatabase({ from: sourceUrl, to: other, force: true });
    expect(forced.outcome).toBe("copied");
    const tables = await copyTables(sourceUrl);
    expect(await dump(other, tables)).toEqual(await dump(sourceUrl, tables));

    // `other` is now a copy of `source`: copying a different database into it is refused.
    await expect(copyDatabase({ from: sqliteUrl("plain"), to: other })).rejects.toThrow(/holds a copy of another database/);
  });

  it("refuses the same database, a missing source, a bad URL and a source at another schema", async () => {
    await expect(copyDatabase({ from: sourceUrl, to: sourceUrl })).rejects.toThrow(CopyRefusedError);
    await expect(copyDatabase({ from: sqliteUrl("missing"), to: sqliteUrl("never") })).rejects.toThrow(/no SQLite database at .*missing\.db/);
    await expect(copyDatabase({ from: "mysql://x/y", to: sqliteUrl("never") })).rejects.toThrow(/source: the URL must start with file:/);
    await expect(copyDatabase({ from: sourceUrl, to: sqliteUrl("never"), batchSize: 0 })).rejects.toThrow(/batch size/);
    const drifted = sqliteUrl("drifted");
    migrate(sqlite(drifted));
    sqlite(drifted).exec(`ALTER TABLE settings ADD COLUMN note TEXT`);
    await expect(copyDatabase({ from: drifted, to: sqliteUrl("never2") })).rejects.toThrow(
      /schema differs .*table settings: source columns \(key, note, updated_at, value\) differ from the target's \(key, updated_at, value\)/,
    );
    // Nothing is created for a source that is not there, nor for the target of a refused start.
    expect(fs.existsSync(path.join(dir, "missing.db"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "never.db"))).toBe(false);
  });
});

describePostgres("db:copy through PostgreSQL", ({ createDatabase }) => {
  it("round-trips SQLite -> PostgreSQL -> SQLite with every table equal row by row", async () => {
    const pgUrl = await createDatabase();
    const back = sqliteUrl("back");
    expect((await copyDatabase({ from: sourceUrl, to: pgUrl, batchSize: 100 })).outcome).toBe("copied");
    expect((await copyDatabase({ from: pgUrl, to: back, batchSize: 100 })).outcome).toBe("copied");

    const sqliteTables = await copyTables(sourceUrl);
    const pgTables = await copyTables(pgUrl);
    // jsonb keeps JSON values, not their text (key order, spacing): those columns compare parsed
    // until the schema stores JSON as `json`; every other column compares exactly.
    const parsed = jsonbColumns(pgTables);
    const original = await dump(sourceUrl, sqliteTables, parsed);
    expect(await dump(pgUrl, pgTables, parsed)).toEqual(original);
    expect(await dump(back, sqliteTables, parsed)).toEqual(original);
    if (parsed.size === 0) expect(await dump(back, sqliteTables)).toEqual(await dump(sourceUrl, sqliteTables));

    // Blob bytes, not just equal-looking values.
    const blobs = await sql<{ tokens_blob: Buffer }>`SELECT tokens_blob FROM response_tokens ORDER BY response_id`.execute(db(pgUrl));
    const sourceBlobs = sqlite(sourceUrl).prepare(`SELECT tokens_blob FROM response_tokens ORDER BY response_id`).all() as Array<{ tokens_blob: Buffer }>;
    expect(Buffer.concat(blobs.rows.map((r) => r.tokens_blob)).equals(Buffer.concat(sourceBlobs.map((r) => r.tokens_blob)))).toBe(true);

    // Ids continue after the source's highest, deleted ones included, on both sides.
    expect(await nextId(pgUrl, "responses")).toBe(deletedResponseId + 1);
    const auditMax = (sqlite(sourceUrl).prepare(`SELECT MAX(id) AS id FROM audit_log`).get() as { id: number }).id;
    expect(await nextId(pgUrl, "audit_log")).toBe(auditMax + 1);
    expect(await nextId(back, "responses")).toBe(deletedResponseId + 1);
  });

  it("resumes an interrupted SQLite -> PostgreSQL copy without duplicates", async () => {
    const pgUrl = await createDatabase();
    const options = { from: sourceUrl, to: pgUrl, batchSize: 30 };
    const error = await interruptedCopy(options, "response_tokens", 3);
    expect((error as Error).message).toMatch(/^copying response\w+: simulated crash$/);
    const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM response_tokens`.execute(db(pgUrl));
    expect(rows[0]?.n).toBe(90);

    expect((await copyDatabase(options)).outcome).toBe("resumed");
    const sqliteTables = await copyTables(sourceUrl);
    const pgTables = await copyTables(pgUrl);
    const parsed = jsonbColumns(pgTables);
    expect(await dump(pgUrl, pgTables, parsed)).toEqual(await dump(sourceUrl, sqliteTables, parsed));
    expect(await nextId(pgUrl, "responses")).toBe(deletedResponseId + 1);
  });

  it("copies PostgreSQL -> PostgreSQL exactly, JSON text included", async () => {
    const first = await createDatabase();
    const second = await createDatabase();
    await copyDatabase({ from: sourceUrl, to: first });
    expect((await copyDatabase({ from: first, to: second, batchSize: 70 })).outcome).toBe("copied");
    const tables = await copyTables(first);
    expect(await dump(second, tables)).toEqual(await dump(first, tables));
    await expect(copyDatabase({ from: second, to: second })).rejects.toThrow(/same database/);
  });

  it("writes a U+0000 of an older SQLite row to PostgreSQL as U+FFFD, counting it, and the rest as it was", async () => {
    // Rows stored before ingest mapped NUL (lib/db/storableText.ts): SQLite text holds it, PostgreSQL's cannot.
    const oldSource = sqliteUrl("with-nul");
    migrate(sqlite(oldSource));
    // As stored then: bound as is (the app's layer maps NUL now).
    const layer = db(oldSource, { keepNul: true });
    await ensureDefaultProject(layer);
    const at = Date.UTC(2026, 10, 20);
    await layer.insertInto("responses").values({
      project_id: DEFAULT_PROJECT_ID, external_id: "nul\u0000id", model: "m\u0000", source_format: "loupe", occurred_at: at, received_at: at,
      output_text: "a\u0000b\u0000c", prompt: "plain", token_count: 2, sudden_drops: 0,
    }).execute();
    const pgUrl = await createDatabase();
    const result = await copyDatabase({ from: oldSource, to: pgUrl });
    expect(result.outcome).toBe("copied");
    expect(result.nulsReplaced).toBe(3);
    const rows = await db(pgUrl).selectFrom("responses").select(["external_id", "model", "output_text", "prompt"]).execute();
    expect(rows).toEqual([{ external_id: "nul\uFFFDid", model: "m\uFFFD", output_text: "a\uFFFDb\uFFFDc", prompt: "plain" }]);
    // SQLite to SQLite keeps the NUL: only PostgreSQL needs the replacement.
    const sqliteCopy = sqliteUrl("with-nul-copy");
    expect((await copyDatabase({ from: oldSource, to: sqliteCopy })).nulsReplaced).toBe(0);
    expect(await db(sqliteCopy, { keepNul: true }).selectFrom("responses").select("output_text").executeTakeFirst()).toEqual({ output_text: "a\u0000b\u0000c" });
  });

  it("refuses a PostgreSQL target holding other data unless forced", async () => {
    const pgUrl = await createDatabase();
    await copyDatabase({ from: sourceUrl, to: pgUrl });
    await sql`DELETE FROM _loupe_copy`.execute(db(pgUrl));
    await expect(copyDatabase({ from: sourceUrl, to: pgUrl })).rejects.toThrow(/is not empty .*--force/);
    expect((await copyDatabase({ from: sourceUrl, to: pgUrl, force: true })).outcome).toBe("copied");
    const parsed = jsonbColumns(await copyTables(pgUrl));
    expect(await dump(pgUrl, await copyTables(pgUrl), parsed)).toEqual(await dump(sourceUrl, await copyTables(sourceUrl), parsed));
  });
});
