import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/**
 * A throwaway PostgreSQL cluster for development and tests: `initdb` into a temp folder,
 * `pg_ctl start` listening on a Unix socket in that folder only (no TCP port, no system
 * service, no root), one database, and a stop that removes everything. Used by
 * `npm run pg:dev`, the Vitest global setup and `.ci/run`.
 */
export interface PgCluster {
  /** `postgresql://postgres@/<database>?host=<socketDir>` */
  url: string;
  /** The temp folder: data directory, socket and server log. */
  dir: string;
  /** Stops the server and removes the folder; safe to call twice. */
  stop(): void;
}

const BIN_CANDIDATES = ["initdb", "pg_ctl"];

/** The folder holding initdb and pg_ctl: PATH first, then Debian's /usr/lib/postgresql/<version>/bin (newest). */
export function findPgBinDir(): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && BIN_CANDIDATES.every((bin) => fs.existsSync(path.join(dir, bin)))) return dir;
  }
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => BIN_CANDIDATES.every((bin) => fs.existsSync(path.join(root, v, "bin", bin))))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], "bin") : null;
}

/** initdb refuses to run as root: then every server command runs as the `postgres` user. */
function serverUser(): { uid: number; gid: number; prefix: string[] } | null {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return null;
  let uid: number, gid: number;
  try {
    uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8", stdio: "pipe" }).trim());
    gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8", stdio: "pipe" }).trim());
  } catch {
    throw new Error("as root, the server runs as the `postgres` user, which does not exist; Debian's postgresql package creates it");
  }
  return { uid, gid, prefix: ["runuser", "-u", "postgres", "--"] };
}

function run(prefix: string[], command: string, args: string[], what: string): void {
  const [file, ...rest] = [...prefix, command, ...args];
  const result = spawnSync(file as string, rest, { encoding: "utf8" });
  if (result.status !== 0) {
    const output = `${result.stderr ?? ""}${result.stdout ?? ""}`.trim() || (result.error?.message ?? "");
    throw new Error(`${what} failed: ${output}`);
  }
}

export async function startPgCluster(options: { database?: string } = {}): Promise<PgCluster> {
  const database = options.database ?? "loupe";
  const binDir = findPgBinDir();
  if (!binDir) throw new Error("PostgreSQL binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin; install Debian's `postgresql` package");
  const user = serverUser();
  const prefix = user?.prefix ?? [];
  // The socket path must stay under the ~107-byte limit, and the postgres user must reach it.
  const base = user || os.tmpdir().length > 60 ? "/tmp" : os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, "loupe-pg-"));
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const dataDir = path.join(dir, "data");
  let started = false;
  const stop = () => {
    process.off("exit", stop);
    if (started) {
      const [file, ...args] = [...prefix, path.join(binDir, "pg_ctl"), "-D", dataDir, "-m", "immediate", "-w", "stop"];
      spawnSync(file as string, args, { stdio: "ignore" });
      started = false;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(prefix, path.join(binDir, "initdb"), ["-D", dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"], "initdb");
    // Throwaway data: durability off, which also keeps test runs light on the disk.
    const serverOptions = `-k ${dir} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    // Marked started first: a start that times out may still leave a server to stop.
    started = true;
    run(prefix, path.join(binDir, "pg_ctl"), ["-D", dataDir, "-l", path.join(dir, "server.log"), "-w", "-o", serverOptions, "start"], "pg_ctl start");
    // A run that ends without calling stop (an uncaught error, process.exit) still removes it.
    process.once("exit", stop);
    await createPgDatabase({ dir }, database);
  } catch (error) {
    stop();
    throw error;
  }
  return { url: pgSocketUrl(dir, database), dir, stop };
}

export function pgSocketUrl(socketDir: string, database: string): string {
  return `postgresql://postgres@/${encodeURIComponent(database)}?host=${encodeURI(socketDir)}`;
}

/** Creates another empty database in the cluster (tests: one per suite) and returns its URL. */
export async function createPgDatabase(cluster: Pick<PgCluster, "dir">, database: string): Promise<string> {
  const admin = new pg.Client({ host: cluster.dir, user: "postgres", database: "postgres" });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
  return pgSocketUrl(cluster.dir, database);
}
