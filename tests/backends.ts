import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { resetEnvCache } from "@/lib/config/env";
import { closeDatabases, db, type DataLayer } from "@/lib/db/database";
import type { Backend } from "@/lib/db/databaseUrl";
import { migrate } from "@/lib/db/migrate";
import { migratePostgres } from "@/lib/db/migratePostgres";
import { createPgDatabase } from "@/lib/db/pgCluster";
import { closeSqlite, sqlite } from "@/lib/db/sqlite";
import type { PgTestCluster } from "./pgGlobalSetup";

/** What a suite gets per backend: a fresh migrated database, also set as DATABASE_URL. */
export interface TestBackend {
  backend: Backend;
  url: string;
  /** The data layer on that database (the same instance `db()` returns while the suite runs). */
  db(): DataLayer;
}

export interface EachBackendOptions {
  /**
   * Why the PostgreSQL half cannot run yet (code it needs is still SQLite-only): reported as
   * skipped with this reason. Temporary: remove it once that code is on the data layer.
   */
  skipPostgres?: string;
}

let databaseCounter = 0;

/** The run's PostgreSQL, as tests/pgGlobalSetup.ts provided it. */
export function testPostgres(): PgTestCluster {
  return inject("loupePg") ?? { skipped: "this Vitest config has no PostgreSQL global setup (tests/pgGlobalSetup.ts)" };
}

/**
 * Runs one suite against SQLite and PostgreSQL: `describe("<name> [sqlite]")` and
 * `describe("<name> [postgres]")`, each with a fresh migrated database wired in through
 * DATABASE_URL. The PostgreSQL half is reported as skipped, with the reason, when the global
 * setup (tests/pgGlobalSetup.ts) did not start a cluster.
 */
export function describeEachBackend(name: string, fn: (backend: TestBackend) => void, options: EachBackendOptions = {}): void {
  describe(`${name} [sqlite]`, () => {
    const context = useBackendDatabase("sqlite");
    fn(context);
  });
  if (options.skipPostgres) {
    describe.skip(`${name} [postgres] (skipped: ${options.skipPostgres})`, () => fn(unavailable("postgres")));
    return;
  }
  const pg = testPostgres();
  if ("skipped" in pg) {
    describe.skip(`${name} [postgres] (skipped: ${pg.skipped})`, () => fn(unavailable("postgres")));
    return;
  }
  describe(`${name} [postgres]`, () => {
    const context = useBackendDatabase("postgres", pg.dir);
    fn(context);
  });
}

function useBackendDatabase(backend: Backend, clusterDir?: string): TestBackend {
  const savedUrl = process.env.DATABASE_URL;
  let url = "";
  let tempDir = "";
  beforeAll(async () => {
    if (backend === "sqlite") {
      tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-backend-"));
      url = `file:${path.join(tempDir, "test.db")}`;
      migrate(sqlite(url));
    } else {
      url = await createPgDatabase({ dir: clusterDir as string }, `loupe_${process.pid}_${++databaseCounter}`);
      await migratePostgres(db(url));
    }
    process.env.DATABASE_URL = url;
    resetEnvCache();
  });
  afterAll(async () => {
    await closeDatabases();
    closeSqlite();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
    if (savedUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedUrl;
    resetEnvCache();
  });
  return {
    backend,
    get url() {
      return url;
    },
    db: () => db(url),
  };
}

function unavailable(backend: Backend): TestBackend {
  return { backend, url: "", db: () => { throw new Error(`${backend} is not available in this run`); } };
}

/**
 * A suite that needs PostgreSQL itself (migrations, locks): `createDatabase()` gives a fresh,
 * empty database URL in the run's cluster. Reported as skipped, with the reason, without one.
 */
export function describePostgres(name: string, fn: (cluster: { createDatabase(): Promise<string> }) => void): void {
  const pg = testPostgres();
  if ("skipped" in pg) {
    describe.skip(`${name} (skipped: ${pg.skipped})`, () => fn({ createDatabase: () => Promise.reject(new Error(pg.skipped)) }));
    return;
  }
  describe(name, () => {
    afterAll(() => closeDatabases());
    fn({ createDatabase: () => createPgDatabase({ dir: pg.dir }, `loupe_${process.pid}_${++databaseCounter}`) });
  });
}
