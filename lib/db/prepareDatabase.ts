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
}

/** Creates and migrates the database, ensures the default project and key, seeds demo data into an empty database. */
export function prepareDatabase(): PreparedDatabase {
  const db = sqlite();
  const { applied } = migrate(db);
  const bootstrap = ensureDefaultProject(db);
  const demoResponses = demoEnabled() && databaseIsEmpty(db) ? seedDemo(db) : 0;
  return {
    ...bootstrap,
    file: sqliteFilePath(env().DATABASE_URL),
    migrationsApplied: applied,
    demoResponses,
    displayKey: bootstrap.generatedKey ?? generatedDefaultKey(db),
  };
}
