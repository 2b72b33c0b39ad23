import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { testPostgres } from "@/tests/backends";

const available = testPostgres();
const describeWithPg = "skipped" in available ? describe.skip : describe;

describeWithPg(`npm run pg:dev${"skipped" in available ? ` (skipped: ${available.skipped})` : ""}`, () => {
  it("prints a DATABASE_URL that connects, and Ctrl-C stops the server and removes its folder", async () => {
    const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/pg-dev.ts"], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no DATABASE_URL printed:\n${output}`)), 30_000);
        child.stdout.on("data", () => {
          const match = /DATABASE_URL=(postgresql:\/\/\S+)/.exec(output);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const socketDir = new URL(url.replace("postgresql://postgres@/", "http://x/")).searchParams.get("host") as string;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ db: string }>("SELECT current_database() AS db");
      await client.end();
      expect(rows[0]?.db).toBe("loupe");
      expect(fs.existsSync(socketDir)).toBe(true);

      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      child.kill("SIGINT");
      expect(await exited).toBe(0);
      expect(output).toContain("PostgreSQL stopped and removed.");
      expect(fs.existsSync(socketDir)).toBe(false);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
