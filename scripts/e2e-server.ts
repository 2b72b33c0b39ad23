import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Serves Loupe for the e2e tests: a fresh database in a temp dir (demo data loaded as on a
 * first start), then exactly what `npm start` does: build when stale, serve.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-e2e-"));
const child = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "scripts/start.ts"], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "e2e.db")}`, HOSTNAME: "127.0.0.1" },
});
const stop = () => {
  child.kill("SIGTERM");
  fs.rmSync(dir, { recursive: true, force: true });
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code) => {
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
