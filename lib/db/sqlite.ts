import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { env } from "@/lib/config/env";
import { sqliteFilePath } from "./sqlitePath";

/**
 * The direct better-sqlite3 connection used for the hot paths (bulk ingest writes, stats
 * aggregates): prepared statements in one transaction beat Prisma's per-row round trips by
 * an order of magnitude here. All SQL that is SQLite-specific lives under lib/db/.
 */
export type SqliteDatabase = Database.Database;

const globalForSqlite = globalThis as unknown as { loupeSqlite?: Map<string, SqliteDatabase> };

export function openSqlite(file: string): SqliteDatabase {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  return db;
}

/** One shared connection per database file and process. */
export function sqlite(databaseUrl: string = env().DATABASE_URL): SqliteDatabase {
  const file = sqliteFilePath(databaseUrl);
  globalForSqlite.loupeSqlite ??= new Map();
  let db = globalForSqlite.loupeSqlite.get(file);
  if (!db || !db.open) {
    db = openSqlite(file);
    globalForSqlite.loupeSqlite.set(file, db);
  }
  return db;
}

export function closeSqlite(): void {
  for (const db of globalForSqlite.loupeSqlite?.values() ?? []) if (db.open) db.close();
  globalForSqlite.loupeSqlite?.clear();
}
