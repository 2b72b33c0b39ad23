import { env } from "@/lib/config/env";
import { assertDatabaseReachable } from "@/lib/db/connectDatabase";
import { closeDatabases, db } from "@/lib/db/database";
import { parseDatabaseUrl } from "@/lib/db/databaseUrl";
import { migrate } from "@/lib/db/migrate";
import { migratePostgres } from "@/lib/db/migratePostgres";
import { sqlite } from "@/lib/db/sqlite";

/** `npm run db:migrate`: applies the committed migrations of the database DATABASE_URL selects. */
async function main(): Promise<void> {
  const url = env().DATABASE_URL;
  await assertDatabaseReachable(url);
  const { applied, alreadyApplied } = parseDatabaseUrl(url).backend === "postgres" ? await migratePostgres(db(url)) : migrate(sqlite(url));
  await closeDatabases();
  console.log(applied.length > 0 ? `Applied ${applied.join(", ")}` : `Database is up to date (${alreadyApplied} migrations).`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
