import { createFirstAdmin, userCount } from "@/lib/accounts/users";
import { ApiError } from "@/lib/api/errors";
import { demoEnabled, env } from "@/lib/config/env";
import { databaseIsEmpty, seedDemo } from "@/lib/demo/seedDemo";
import { serverSecret } from "@/lib/providers/secretBox";
import { ensureDefaultProject, generatedDefaultKey, type BootstrapResult } from "./bootstrap";
import { assertDatabaseReachable } from "./connectDatabase";
import { db as dataLayer } from "./database";
import { parseDatabaseUrl } from "./databaseUrl";
import { migrate } from "./migrate";
import { migratePostgres } from "./migratePostgres";
import { ensurePartitionsAround } from "./partitions";
import { sqlite } from "./sqlite";

export interface PreparedDatabase extends BootstrapResult {
  /** Where the data is: the SQLite file, or PostgreSQL's host (or socket) and database, never the password. */
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
 * Creates and migrates the database (SQLite or PostgreSQL, from DATABASE_URL), ensures the
 * default project and key, creates the admin from LOUPE_ADMIN_EMAIL/LOUPE_ADMIN_PASSWORD when no
 * account exists, and seeds demo data into an empty database.
 */
export async function prepareDatabase(): Promise<PreparedDatabase> {
  const url = env().DATABASE_URL;
  await assertDatabaseReachable(url);
  const target = parseDatabaseUrl(url);
  const db = dataLayer(url);
  let applied: string[];
  if (target.backend === "postgres") {
    applied = (await migratePostgres(db)).applied;
    // Before anything is written (the demo seed, the first ingest): rows go to their month, not DEFAULT.
    await ensurePartitionsAround(db, "postgres");
  } else {
    applied = migrate(sqlite(url)).applied;
  }
  const bootstrap = await ensureDefaultProject(db);
  // The secret that encrypts provider keys from Settings: generated now when LOUPE_SECRET_KEY is unset.
  await serverSecret(db);
  const { LOUPE_ADMIN_EMAIL: email, LOUPE_ADMIN_PASSWORD: password } = env();
  let adminCreated: string | null = null;
  if (email && password && (await userCount(db)) === 0) {
    try {
      await createFirstAdmin(db, { email, name: "Admin", password });
      adminCreated = email;
    } catch (error) {
      // Another instance starting at once on this database created the first account.
      if (!(error instanceof ApiError && error.code === "already_set_up")) throw error;
    }
  }
  const demoResponses = demoEnabled() && (await databaseIsEmpty(dataLayer(url))) ? await seedDemo(dataLayer(url)) : 0;
  return {
    hasUsers: (await userCount(db)) > 0,
    adminCreated,
    ...bootstrap,
    file: target.backend === "sqlite" ? target.file : `PostgreSQL (${target.where})`,
    migrationsApplied: applied,
    demoResponses,
    displayKey: bootstrap.generatedKey ?? (await generatedDefaultKey(db)),
  };
}
