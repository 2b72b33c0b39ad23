import crypto from "node:crypto";
import path from "node:path";
import { sql } from "kysely";
import type { DataLayer } from "./database";
import { listMigrations, type MigrateResult } from "./migrate";

/**
 * Applies prisma/postgresql/migrations with the bookkeeping of `prisma migrate deploy` (the
 * `_prisma_migrations` table as Prisma creates it on PostgreSQL, sha256 checksums), like
 * lib/db/migrate.ts does for SQLite. Several app instances may start at once: a session-level
 * advisory lock makes them take turns, and each migration commits with its bookkeeping row.
 */
export const PG_MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma/postgresql/migrations");

/** Any fixed 64-bit key, shared by every Loupe instance on the database ("loupe-migrate"). */
const MIGRATION_LOCK_KEY = 0x6c6f757065n;

const BOOKKEEPING_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export async function migratePostgres(db: DataLayer, dir: string = PG_MIGRATIONS_DIR): Promise<MigrateResult> {
  const migrations = listMigrations(dir);
  return db.connection().execute(async (connection) => {
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY.toString()}::bigint)`.execute(connection);
    try {
      await sql.raw(BOOKKEEPING_TABLE).execute(connection);
      const { rows } = await sql<{ name: string; checksum: string }>`
        SELECT migration_name AS name, checksum FROM "_prisma_migrations"
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`.execute(connection);
      const done = new Map(rows.map((row) => [row.name, row.checksum]));
      const applied: string[] = [];
      for (const migration of migrations) {
        const recorded = done.get(migration.name);
        if (recorded !== undefined) {
          if (recorded !== migration.checksum) {
            console.warn(`warning: migration ${migration.name} was edited after it was applied (checksum differs)`);
          }
          continue;
        }
        try {
          await connection.transaction().execute(async (trx) => {
            const id = crypto.randomUUID();
            await sql`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
                      VALUES (${id}, ${migration.checksum}, ${migration.name}, now(), 0)`.execute(trx);
            // No parameters: sent as a simple query, so the file may hold many statements.
            await sql.raw(migration.sql).execute(trx);
            await sql`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = ${id}`.execute(trx);
          });
        } catch (error) {
          throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
        }
        applied.push(migration.name);
      }
      return { applied, alreadyApplied: done.size };
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY.toString()}::bigint)`.execute(connection);
    }
  });
}
