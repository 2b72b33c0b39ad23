import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/config/env";
import { listMembers } from "@/lib/accounts/members";
import { ensureDefaultProject, DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { closeDatabases, db } from "@/lib/db/database";
import { migratePostgres } from "@/lib/db/migratePostgres";
import { pgSocketUrl } from "@/lib/db/pgCluster";
import { facets } from "@/lib/queries/facets";
import { testPostgres } from "./backends";

/**
 * Text sorted for people (filter menus, member lists) in code-point order on PostgreSQL too,
 * whatever the database's collation: the test cluster is initialised with --locale=C, which sorts
 * like SQLite, so this suite makes a database with ICU's en-US, as compose.yaml's postgres:17
 * (en_US.utf8) would sort: `gpt-4o` before `Mistral`.
 */
const cluster = testPostgres();
const MODELS = ["gpt-4o", "Claude-3", "llama", "Mistral"];
const EMAILS = ["b@x.io", "~a@x.io", "a@x.io"];

/** The database's own ORDER BY of `values`, no COLLATE. */
async function ownOrder(values: readonly string[]): Promise<string[]> {
  const { rows } = await sql<{ v: string }>`SELECT v FROM (VALUES ${sql.join(values.map((v) => sql`(${v})`))}) t(v) ORDER BY v`.execute(db());
  return rows.map((row) => row.v);
}

describe.skipIf("skipped" in cluster)(`code-point order on a PostgreSQL with an en-US collation${"skipped" in cluster ? ` (skipped: ${cluster.skipped})` : ""}`, () => {
  const saved = process.env.DATABASE_URL;
  const name = `loupe_icu_${process.pid}`;
  beforeAll(async () => {
    const dir = (cluster as { dir: string }).dir;
    const admin = new pg.Client({ host: dir, user: "postgres", database: "postgres" });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.utf8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'`);
    } finally {
      await admin.end();
    }
    process.env.DATABASE_URL = pgSocketUrl(dir, name);
    resetEnvCache();
    await migratePostgres(db());
    await ensureDefaultProject(db());
  });
  afterAll(async () => {
    await closeDatabases();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    resetEnvCache();
  });

  it("this database's own ORDER BY would sort them for a dictionary", async () => {
    expect(await ownOrder(MODELS)).toEqual(["Claude-3", "gpt-4o", "llama", "Mistral"]);
    expect(await ownOrder(EMAILS)).toEqual(["~a@x.io", "a@x.io", "b@x.io"]);
  });

  it("the filter menu lists models as SQLite does", async () => {
    await db().insertInto("project_facets").values(MODELS.map((value) => ({ project_id: DEFAULT_PROJECT_ID, kind: "model", value }))).execute();
    expect((await facets(DEFAULT_PROJECT_ID, null)).models).toEqual(["Claude-3", "Mistral", "gpt-4o", "llama"]);
  });

  it("members are listed by email as SQLite does", async () => {
    for (const [i, email] of EMAILS.entries()) {
      await db().insertInto("users").values({ id: `u${i}`, email, name: email, password_hash: "x", is_admin: false, created_at: 0 }).execute();
      await db().insertInto("project_members").values({ project_id: DEFAULT_PROJECT_ID, user_id: `u${i}`, role: "viewer", created_at: 0 }).execute();
    }
    expect((await listMembers(db(), DEFAULT_PROJECT_ID)).members.map((m) => m.email)).toEqual(["a@x.io", "b@x.io", "~a@x.io"]);
  });
});
