import { startPgCluster } from "@/lib/db/pgCluster";

/**
 * `npm run pg:dev`: a throwaway PostgreSQL cluster on a Unix socket in a temp folder, for
 * development against PostgreSQL. Prints its DATABASE_URL; Ctrl-C stops it and removes it.
 */
async function main(): Promise<void> {
  const cluster = await startPgCluster();
  console.log(`PostgreSQL is running in ${cluster.dir} (data is removed on exit).\n`);
  console.log(`  DATABASE_URL=${cluster.url}\n`);
  console.log(`e.g.  DATABASE_URL='${cluster.url}' npm run dev`);
  console.log("Press Ctrl-C to stop.");
  const shutdown = () => {
    cluster.stop();
    console.log("\nPostgreSQL stopped and removed.");
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  process.on("SIGHUP", shutdown);
  setInterval(() => {}, 1 << 30);
}

main().catch((error) => {
  console.error(`pg:dev: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
