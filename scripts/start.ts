import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/config/env";
import { closeDatabases } from "@/lib/db/database";
import { prepareDatabase } from "@/lib/db/prepareDatabase";
import { printPrepared } from "./printPrepared";

/**
 * `npm start`: validate the environment, create/migrate/seed the database, build the app when
 * the build is missing or older than the sources, then serve it.
 */
process.env.NEXT_TELEMETRY_DISABLED = "1";
const root = process.cwd();
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

const SOURCE_ROOTS = ["app", "components", "lib", "public", "next.config.js", "package.json", "postcss.config.mjs", "tsconfig.json"];

function newestSourceMtime(entry: string): number {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(full)) {
    if (child === "generated" || child.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestSourceMtime(path.join(entry, child)));
  }
  return newest;
}

function buildIsStale(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId) || !fs.existsSync(path.join(root, "dist", "ingest-worker.mjs"))) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCE_ROOTS.some((entry) => newestSourceMtime(entry) > built);
}

async function main(): Promise<void> {
// Inside main: a bad environment ends in its message, not a stack.
const config = env();
const prepared = await prepareDatabase();
// The server opens its own connections; this process only supervises it.
await closeDatabases();
const host = config.HOSTNAME === "0.0.0.0" ? "localhost" : config.HOSTNAME;
printPrepared(prepared, `http://${host}:${config.PORT}`);

if (process.env.LOUPE_SKIP_BUILD !== "1" && buildIsStale()) {
  console.log("Building Loupe (first start or sources changed)…");
  for (const args of [["scripts/build-worker.mjs"], [nextBin, "build"]]) {
    const build = spawnSync(process.execPath, args, { stdio: "inherit", env: process.env });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
}

console.log(`\nLoupe is starting on http://${host}:${config.PORT}\n`);
// A larger young generation: ingest parses large JSON bodies, and the default semi-space makes
// the scavenger run (and promote) far more often (see bench/ingest.ts).
const nodeFlags = ["--max-semi-space-size=32"];
// scripts/serve.mjs rather than `next start`: it passes the socket address on (login throttle).
const server = spawn(process.execPath, [...nodeFlags, path.join(root, "scripts", "serve.mjs"), String(config.PORT), config.HOSTNAME], {
  stdio: "inherit",
  env: process.env,
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
