import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import { closeDatabases, db, type DataLayer } from "@/lib/db/database";
import { migrate, MIGRATIONS_DIR } from "@/lib/db/migrate";
import { migratePostgres, PG_MIGRATIONS_DIR } from "@/lib/db/migratePostgres";
import { closeSqlite, sqlite } from "@/lib/db/sqlite";
import { describePostgres } from "./backends";

/** A copy of a migrations folder holding only the migrations before `migration`. */
function foldersBefore(dir: string, migration: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-migrations-"));
  for (const name of fs.readdirSync(dir)) {
    if (name >= migration) continue;
    fs.cpSync(path.join(dir, name), path.join(copy, name), { recursive: true });
  }
  return copy;
}

export interface BackfillCase {
  /** Writes what a database from before the migration held (on its schema: raw rows). */
  seed(layer: DataLayer): Promise<void>;
  /** Asserts what the migration made of it. */
  check(layer: DataLayer): Promise<void>;
}

/**
 * A migration that fills its tables from rows stored before it, tested on both databases: each
 * gets the migrations before it, the seed's rows, then the rest (which must apply `migration`),
 * then the check. `it` names the behaviour.
 */
export function describeMigrationBackfill(title: string, migration: string, behaviour: string, backfill: BackfillCase): void {
  const applyBefore = async (url: string, apply: (dir?: string) => Promise<string[]>) => {
    const before = foldersBefore(url.startsWith("file:") ? MIGRATIONS_DIR : PG_MIGRATIONS_DIR, migration);
    try {
      await apply(before);
      await backfill.seed(db(url));
      if (!(await apply()).includes(migration)) throw new Error(`${migration} was not applied`);
      await backfill.check(db(url));
    } finally {
      fs.rmSync(before, { recursive: true, force: true });
    }
  };

  describe(`${title} [sqlite]`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-backfill-"));
    afterAll(() => {
      closeSqlite();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    it(behaviour, async () => {
      const url = `file:${path.join(dir, "test.db")}`;
      await applyBefore(url, async (folder) => migrate(sqlite(url), folder).applied);
    });
  });

  describePostgres(`${title} [postgres]`, ({ createDatabase }) => {
    afterAll(() => closeDatabases());
    it(behaviour, async () => {
      const url = await createDatabase();
      await applyBefore(url, async (folder) => (await migratePostgres(db(url), folder)).applied);
    });
  });
}
