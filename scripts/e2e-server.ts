import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startPgCluster, type PgCluster } from "@/lib/db/pgCluster";

/**
 * Serves Loupe for the e2e tests: a fresh database (demo data loaded as on a first start), then
 * exactly what `npm start` does: build when stale, serve. The database is SQLite in a temp dir,
 * or with LOUPE_E2E_DATABASE=postgres a fresh database in a throwaway PostgreSQL cluster
 * (lib/db/pgCluster.ts) that is stopped and removed on exit.
 */
async function main(): Promise<void> {
  const which = process.env.LOUPE_E2E_DATABASE ?? "sqlite";
  if (which !== "sqlite" && which !== "postgres") throw new Error(`LOUPE_E2E_DATABASE must be sqlite or postgres, got "${which}"`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-e2e-"));
  let cluster: PgCluster | null = null;
  const cleanUp = () => {
    cluster?.stop();
    cluster = null;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (which === "postgres") cluster = await startPgCluster({ database: "loupe_e2e" });
  } catch (error) {
    cleanUp();
    throw error;
  }
  const databaseUrl = cluster ? cluster.url : `file:${path.join(dir, "e2e.db")}`;
  console.log(`e2e database: ${which}`);
  const child = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "scripts/start.ts"], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: databaseUrl, HOSTNAME: "127.0.0.1" },
  });
  const stop = () => {
    child.kill("SIGTERM");
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  child.on("exit", (code) => {
    cleanUp();
    process.exit(code ?? 0);
  });
}

main().catch((error) => {
  console.error(`e2e server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
