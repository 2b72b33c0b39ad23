import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { SqliteDatabase } from "./sqlite";

/**
 * Applies the committed SQL migrations (prisma/migrations/<timestamp>_<name>/migration.sql)
 * with the same bookkeeping as `prisma migrate deploy`: the `_prisma_migrations` table with
 * Prisma's columns and the sha256 of each file as checksum, so either tool can take over.
 * Needed because Prisma's CLI downloads a schema engine that cannot be reached offline.
 */
export const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma/migrations");

const BOOKKEEPING_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export function migrate(db: SqliteDatabase, dir: string = MIGRATIONS_DIR): MigrateResult {
  db.exec(BOOKKEEPING_TABLE);
  const rows = db
    .prepare(
      `SELECT migration_name AS name, checksum FROM "_prisma_migrations"
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    )
    .all() as Array<{ name: string; checksum: string }>;
  const done = new Map(rows.map((row) => [row.name, row.checksum]));
  const applied: string[] = [];
  const now = () => new Date().toISOString().replace("T", " ").replace("Z", "");

  for (const migration of listMigrations(dir)) {
    const recorded = done.get(migration.name);
    if (recorded !== undefined) {
      if (recorded !== migration.checksum) {
        console.warn(`warning: migration ${migration.name} was edited after it was applied (checksum differs)`);
      }
      continue;
    }
    const id = crypto.randomUUID();
    const apply = db.transaction(() => {
      db.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
         VALUES (?, ?, ?, ?, 0)`,
      ).run(id, migration.checksum, migration.name, now());
      db.exec(migration.sql);
      db.prepare(`UPDATE "_prisma_migrations" SET finished_at = ?, applied_steps_count = 1 WHERE id = ?`).run(now(), id);
    });
    try {
      apply();
    } catch (error) {
      throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
    }
    applied.push(migration.name);
  }
  return { applied, alreadyApplied: done.size };
}
