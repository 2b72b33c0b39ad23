import { env } from "@/lib/config/env";
import { DEMO_PROJECT_ID } from "@/lib/db/bootstrap";
import { assertDatabaseReachable } from "@/lib/db/connectDatabase";
import { closeDatabases, db } from "@/lib/db/database";
import { parseDatabaseUrl } from "@/lib/db/databaseUrl";
import { migrate } from "@/lib/db/migrate";
import { migratePostgres } from "@/lib/db/migratePostgres";
import { sqlite } from "@/lib/db/sqlite";
import { seedDemo } from "@/lib/demo/seedDemo";

// `npm run db:seed`: (re)load the demo project, whether or not the database is empty.
async function main(): Promise<void> {
  const url = env().DATABASE_URL;
  await assertDatabaseReachable(url);
  if (parseDatabaseUrl(url).backend === "postgres") await migratePostgres(db(url));
  else migrate(sqlite(url));
  // Its responses, tags and facets (project_facets) go with the project (ON DELETE CASCADE); the rollups have no foreign key.
  await db(url).deleteFrom("projects").where("id", "=", DEMO_PROJECT_ID).execute();
  for (const rollup of ["token_position_cells", "token_position_daily_cells", "response_hourly_rollups", "response_metric_bins"] as const) {
    await db(url).deleteFrom(rollup).where("project_id", "=", DEMO_PROJECT_ID).execute();
  }
  const started = Date.now();
  const stored = await seedDemo(db(url));
  await closeDatabases();
  console.log(`Loaded ${stored} demo responses in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
