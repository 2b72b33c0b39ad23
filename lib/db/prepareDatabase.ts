import { createFirstAdmin, userCount } from "@/lib/accounts/users";
import { demoEnabled, env } from "@/lib/config/env";
import { databaseIsEmpty, seedDemo } from "@/lib/demo/seedDemo";
import { ensureDefaultProject, generatedDefaultKey, type BootstrapResult } from "./bootstrap";
import { migrate } from "./migrate";
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
  const db = sqlite();
  const { applied } = migrate(db);
  const bootstrap = ensureDefaultProject(db);
  const { LOUPE_ADMIN_EMAIL: email, LOUPE_ADMIN_PASSWORD: password } = env();
  let adminCreated: string | null = null;
  if (email && password && userCount(db) === 0) {
    await createFirstAdmin(db, { email, name: "Admin", password });
    adminCreated = email;
  }
  const demoResponses = demoEnabled() && databaseIsEmpty(db) ? seedDemo(db) : 0;
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
