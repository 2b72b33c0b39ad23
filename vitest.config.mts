import { defineConfig } from "vitest/config";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts", "components/**/*.test.ts", "tests/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // One throwaway PostgreSQL cluster per run for describeEachBackend (LOUPE_TEST_PG=auto|skip|require).
    globalSetup: ["tests/pgGlobalSetup.ts"],
    // A dist/ worker bundle left by an earlier build may be stale: tests prepare in-thread,
    // except lib/ingest/workerPool.test.ts, which builds a fresh bundle.
    env: { LOUPE_INGEST_WORKERS: "0" },
  },
});
