import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Starts Loupe (production build, built if stale) on a fresh database for a benchmark: a SQLite
 * file in a temp folder, or `databaseUrl` (a PostgreSQL database the caller created empty).
 */
export async function startBenchServer(options: { port: number; apiKey: string; demo?: boolean; databaseFile?: string; databaseUrl?: string }) {
  const taken = await fetch(`http://127.0.0.1:${options.port}/api/health`).then(() => true, () => false);
  if (taken) throw new Error(`port ${options.port} is already serving something: stop it or set BENCH_PORT`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-bench-"));
  const databaseFile = options.databaseFile ?? path.join(dir, "bench.db");
  const child: ChildProcess = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "scripts/start.ts"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl ?? `file:${databaseFile}`,
      PORT: String(options.port),
      HOSTNAME: "127.0.0.1",
      LOUPE_API_KEY: options.apiKey,
      LOUPE_DEMO: options.demo ? "1" : "0",
      LOUPE_MAX_BODY_BYTES: String(64 * 1024 * 1024),
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  child.stdout?.on("data", (chunk: Buffer) => process.stderr.write(chunk));
  const base = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error("server exited during start");
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("server did not start");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    base,
    databaseFile,
    /** Stops the server (idempotent); the database stays until cleanup(). */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
