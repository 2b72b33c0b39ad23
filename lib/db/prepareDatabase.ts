import { createFirstAdmin, userCount } from "@/lib/accounts/users";
import { demoEnabled, env } from "@/lib/config/env";
import { databaseIsEmpty, seedDemo } from "@/lib/demo/seedDemo";
import { ensureDefaultProject, generatedDefaultKey, type BootstrapResult } from "./bootstrap";
import { assertDatabaseReachable, DatabaseUnavailableError } from "./connectDatabase";
import { closeDatabases, db as dataLayer } from "./database";
import { parseDatabaseUrl } from "./databaseUrl";
import { migrate } from "./migrate";
import { migratePostgres } from "./migratePostgres";
import { ensurePartitionsAround } from "./partitions";
import { sqlite } from "./sqlite";
import { sqliteFilePath } from "./sqlitePath";

export interface PreparedDatabase extends BootstrapResult {
  file: string;
  migrationsApplied: string[];
  demoResponses: number;
  /** The key to show: the generated one (from settings) or null when it comes from LOUPE_API_KEY. */
  displayKey: string | null;
  /** Whether an account exists; if not, the first visitor finishes setup at /setup. */
  hasUsers: boolean;
  adminCreated: string | null;
}

/**
 * Creates and migrates the database, ensures the default project and key, creates the admin
 * from LOUPE_ADMIN_EMAIL/LOUPE_ADMIN_PASSWORD when no account exists, and seeds demo data
 * into an empty database.
 */
export async function prepareDatabase(): Promise<PreparedDatabase> {
  const url = env().DATABASE_URL;
  await assertDatabaseReachable(url);
  const target = parseDatabaseUrl(url);
  if (target.backend === "postgres") {
    const { applied } = await migratePostgres(dataLayer(url));
    // Before anything is written (the demo seed, the first ingest): rows go to their month, not DEFAULT.
    await ensurePartitionsAround(dataLayer(url), "postgres");
    await closeDatabases();
    // The queries move onto lib/db/database.ts next (issue 8); until then only the schema is served.
    throw new DatabaseUnavailableError(
      `PostgreSQL at ${target.where} is migrated (${applied.length} migrations applied now), but this build still stores data in SQLite only: use a file: DATABASE_URL for now`,
    );
  }
  const db = sqlite();
  const { applied } = migrate(db);
  const bootstrap = ensureDefaultProject(db);
  const { LOUPE_ADMIN_EMAIL: email, LOUPE_ADMIN_PASSWORD: password } = env();
  let adminCreated: string | null = null;
  if (email && password && userCount(db) === 0) {
    await createFirstAdmin(db, { email, name: "Admin", password });
    adminCreated = email;
  }
  const demoResponses = demoEnabled() && (await databaseIsEmpty(dataLayer(url))) ? await seedDemo(dataLayer(url)) : 0;
  return {
    hasUsers: userCount(db) > 0,
    adminCreated,
    ...bootstrap,
    file: sqliteFilePath(env().DATABASE_URL),
    migrationsApplied: applied,
    demoResponses,
    displayKey: bootstrap.generatedKey ?? generatedDefaultKey(db),
  };
}
