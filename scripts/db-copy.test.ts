import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { ensureDefaultProject } from "@/lib/db/bootstrap";
import { closeDatabases, db } from "@/lib/db/database";
import { migrate } from "@/lib/db/migrate";
import { closeSqlite, openSqlite } from "@/lib/db/sqlite";

/** `npm run db:copy` as a user runs it: arguments, output, exit codes. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-db-copy-cli-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args: string[], whileRunning?: (child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/db-copy.ts", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  whileRunning?.(child);
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

describe("npm run db:copy", () => {
  it("copies, then finds nothing left to do on a second run", async () => {
    const source = openSqlite(path.join(dir, "source.db"));
    migrate(source);
    source.close();
    await ensureDefaultProject(db(`file:${path.join(dir, "source.db")}`));
    await closeDatabases();
    closeSqlite();
    const args = ["--from", `file:${path.join(dir, "source.db")}`, "--to", `file:${path.join(dir, "target.db")}`];

    const first = await run(args);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Copied \d+ tables, \d+ rows/);
    expect(first.stdout).toMatch(/ {2}projects +1\n/);

    const second = await run(args);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^Nothing to do: the target is a complete copy of this source/);
  });

  it("explains bad arguments and unusable databases in one line each, without a stack", async () => {
    const missing = await run(["--from", "file:x.db"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^--from and --to are required\nusage: npm run db:copy/);

    const batch = await run(["--from", "file:x.db", "--to", "file:y.db", "--batch-size", "ten"]);
    expect(batch.code).toBe(2);
    expect(batch.stderr).toMatch(/^--batch-size must be a positive integer, got "ten"/);

    const unreachable = await run(["--from", `file:${path.join(dir, "source.db")}`, "--to", `postgresql://loupe@/loupe?host=${path.join(dir, "no-server")}`]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^--to: Cannot use PostgreSQL at socket .*no-server, database loupe: .+\n$/);

    const absent = await run(["--from", `file:${path.join(dir, "absent.db")}`, "--to", `file:${path.join(dir, "t2.db")}`]);
    expect(absent.code).toBe(1);
    expect(absent.stderr).toBe(`db:copy: source: no SQLite database at ${path.join(dir, "absent.db")}\n`);
    expect(fs.existsSync(path.join(dir, "t2.db"))).toBe(false);
  });

  it("stops cleanly at Ctrl-C and the same command resumes", async () => {
    const sourceFile = path.join(dir, "many.db");
    const targetFile = path.join(dir, "many-copy.db");
    const source = openSqlite(sourceFile);
    migrate(source);
    source.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
                 INSERT INTO settings (key, value, updated_at) SELECT 'k' || i, 'v' || i, i FROM n`);
    source.close();
    const copied = () => {
      try {
        const target = new Database(targetFile, { readonly: true, fileMustExist: true });
        try {
          return (target.prepare(`SELECT COALESCE(SUM(rows_copied), 0) AS n FROM _loupe_copy`).get() as { n: number }).n;
        } finally {
          target.close();
        }
      } catch {
        return 0;
      }
    };
    const args = ["--from", `file:${sourceFile}`, "--to", `file:${targetFile}`];
    const interrupted = await run([...args, "--batch-size", "1"], (child) => {
      const poll = setInterval(() => {
        if (copied() > 0) {
          clearInterval(poll);
          child.kill("SIGINT");
        }
      }, 50);
      child.on("exit", () => clearInterval(poll));
    });
    expect(interrupted.stderr).toContain("Interrupted: every finished batch is kept. Run the same command again to resume.");
    expect(interrupted.code).toBe(130);
    const before = copied();
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(20000);

    const resumed = await run(args);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`^Resumed and finished \\d+ tables, 20000 rows \\(${20000 - before} written now`));
    const target = new Database(targetFile, { readonly: true });
    expect(target.prepare(`SELECT COUNT(*) AS n, COUNT(DISTINCT key) AS keys FROM settings`).get()).toEqual({ n: 20000, keys: 20000 });
    target.close();
  }, 120_000);
});
