import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { describePostgres } from "@/tests/backends";
import { createDataLayer } from "./database";
import { listMigrations } from "./migrate";
import { migratePostgres, PG_MIGRATIONS_DIR } from "./migratePostgres";

describePostgres("PostgreSQL migrations", ({ createDatabase }) => {
  it("applies each migration once when two instances start at the same time, with Prisma's bookkeeping", async () => {
    const url = await createDatabase();
    // Two data layers, two pools: as two app instances would.
    const [first, second] = [createDataLayer(url), createDataLayer(url)];
    try {
      const results = await Promise.all([migratePostgres(first), migratePostgres(second)]);
      const files = listMigrations(PG_MIGRATIONS_DIR);
      expect(results.flatMap((r) => r.applied).sort()).toEqual(files.map((m) => m.name));
      const { rows } = await sql<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>`
        SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name`.execute(first);
      expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(files.map((m) => [m.name, m.checksum]));
      expect(rows.every((r) => r.finished_at instanceof Date && r.applied_steps_count === 1)).toBe(true);
      expect(await migratePostgres(second)).toEqual({ applied: [], alreadyApplied: files.length });
    } finally {
      await Promise.all([first.destroy(), second.destroy()]);
    }
  });

  it("rolls a failing migration back whole and names it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-pg-migrations-"));
    fs.mkdirSync(path.join(dir, "20260101000000_broken"));
    fs.writeFileSync(path.join(dir, "20260101000000_broken", "migration.sql"), `CREATE TABLE "half" ("id" INTEGER);\nCREATE TABLE "half" ("id" INTEGER);\n`);
    const db = createDataLayer(await createDatabase());
    try {
      await expect(migratePostgres(db, dir)).rejects.toThrow(/^migration 20260101000000_broken failed: relation "half" already exists$/);
      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'half'`.execute(db);
      expect(rows[0]?.n).toBe(0);
      const booked = await sql<{ n: number }>`SELECT count(*) AS n FROM _prisma_migrations`.execute(db);
      expect(booked.rows[0]?.n).toBe(0);
    } finally {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
