import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describePostgres } from "@/tests/backends";
import { assertDatabaseReachable, DatabaseUnavailableError } from "./connectDatabase";

const missingSocketDir = path.join(os.tmpdir(), "loupe-no-such-socket-dir");

describe("a DATABASE_URL Loupe cannot use", () => {
  it("names the socket folder and the failure when nothing listens there", async () => {
    const error = await assertDatabaseReachable(`postgresql://postgres@/loupe?host=${missingSocketDir}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toBe(
      `Cannot use PostgreSQL at socket ${missingSocketDir}, database loupe: connect ENOENT ${missingSocketDir}/.s.PGSQL.5432`,
    );
  });

  it("names host and port, not the password, when the connection is refused", async () => {
    const error = (await assertDatabaseReachable("postgresql://loupe:s3cret-pw@127.0.0.1:9/loupe").catch((e: unknown) => e)) as Error;
    expect(error.message).toBe("Cannot use PostgreSQL at 127.0.0.1:9, database loupe: connect ECONNREFUSED 127.0.0.1:9");
    expect(error.message).not.toContain("s3cret");
  });

  it("refuses other schemes with the forms it accepts", async () => {
    await expect(assertDatabaseReachable("mysql://db/loupe")).rejects.toThrow(
      'DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), got "mysql:…"',
    );
  });

  it("stops the start with that one line, no stack", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-start-"));
    try {
      const result = spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/prepare-db.ts"], {
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: `postgresql://postgres@/loupe?host=${dir}`, LOUPE_DEMO: "0" },
        timeout: 60_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe(`Cannot use PostgreSQL at socket ${dir}, database loupe: connect ENOENT ${dir}/.s.PGSQL.5432`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describePostgres("a reachable PostgreSQL server", ({ createDatabase }) => {
  it("passes the check, and a missing database is named", async () => {
    const url = await createDatabase();
    await expect(assertDatabaseReachable(url)).resolves.toBeUndefined();
    const missing = url.replace(/\/loupe_[^?]+\?/, "/no_such_db?");
    await expect(assertDatabaseReachable(missing)).rejects.toThrow(/, database no_such_db: database "no_such_db" does not exist$/);
  });
});
