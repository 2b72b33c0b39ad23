import { env } from "@/lib/config/env";
import { assertDatabaseReachable } from "@/lib/db/connectDatabase";
import { closeDatabases, db } from "@/lib/db/database";
import { parseDatabaseUrl } from "@/lib/db/databaseUrl";
import { migrate } from "@/lib/db/migrate";
import { migratePostgres } from "@/lib/db/migratePostgres";
import { sqlite } from "@/lib/db/sqlite";
import { runDueProbeSets } from "@/lib/probes/probeSchedule";

// `npm run probes` (for cron): runs the probe sets that are due once, then exits; exit code 1
// when a run failed (README, "Drift probes").
async function main(): Promise<void> {
  const url = env().DATABASE_URL;
  await assertDatabaseReachable(url);
  if (parseDatabaseUrl(url).backend === "postgres") await migratePostgres(db(url));
  else migrate(sqlite(url));
  const result = await runDueProbeSets(db(url));
  await closeDatabases();
  console.log(`Ran ${result.ran} due probe set(s); ${result.failed} failed.`);
  if (result.failed > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
