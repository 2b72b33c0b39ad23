import type { TestProject } from "vitest/node";
import { findPgBinDir, startPgCluster, type PgCluster } from "@/lib/db/pgCluster";

/**
 * Vitest global setup: one throwaway PostgreSQL cluster per test run, shared by every suite
 * written with describeEachBackend (tests/backends.ts), which creates a database per suite.
 * LOUPE_TEST_PG: `auto` (default) uses PostgreSQL when its binaries are installed and skips the
 * PostgreSQL half with the reason otherwise; `skip` always skips; `require` (CI) fails the run
 * when the cluster cannot start.
 */
export type PgTestCluster = { dir: string } | { skipped: string };

declare module "vitest" {
  export interface ProvidedContext {
    loupePg: PgTestCluster;
  }
}

let cluster: PgCluster | undefined;

export default async function setup(project: TestProject): Promise<() => void> {
  const mode = process.env.LOUPE_TEST_PG ?? "auto";
  if (!["auto", "skip", "require"].includes(mode)) throw new Error(`LOUPE_TEST_PG must be auto, skip or require, got "${mode}"`);
  if (mode === "skip") {
    project.provide("loupePg", { skipped: "LOUPE_TEST_PG=skip" });
  } else if (mode === "auto" && !findPgBinDir()) {
    project.provide("loupePg", { skipped: "PostgreSQL binaries not installed (initdb, pg_ctl); install Debian's postgresql package or set LOUPE_TEST_PG=require to fail" });
  } else {
    cluster = await startPgCluster({ database: "loupe_test" });
    project.provide("loupePg", { dir: cluster.dir });
  }
  return () => cluster?.stop();
}
