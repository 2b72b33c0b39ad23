// Bundles the ingest worker (lib/ingest/prepareWorker.ts) to dist/ingest-worker.mjs, a plain
// Node module that worker_threads can load in production (Next does not bundle workers here).
import { build } from "esbuild";

await build({
  entryPoints: ["lib/ingest/prepareWorker.ts"],
  outfile: "dist/ingest-worker.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  tsconfig: "tsconfig.json",
  logLevel: "warning",
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
});
