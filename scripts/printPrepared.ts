import type { PreparedDatabase } from "@/lib/db/prepareDatabase";
import { DEMO_PROJECT_NAME } from "@/lib/demo/seedDemo";

export function printPrepared(prepared: PreparedDatabase, baseUrl = "http://localhost:3000"): void {
  console.log(`Database: ${prepared.file}`);
  if (prepared.adminCreated) console.log(`Created the admin account ${prepared.adminCreated} (from LOUPE_ADMIN_EMAIL / LOUPE_ADMIN_PASSWORD).`);
  if (prepared.migrationsApplied.length > 0) console.log(`Applied migrations: ${prepared.migrationsApplied.join(", ")}`);
  if (prepared.demoResponses > 0) console.log(`Loaded ${prepared.demoResponses} demo responses (real stories260K generations) into the "${DEMO_PROJECT_NAME}" project (LOUPE_DEMO=0 turns this off).`);
  if (prepared.generatedKey) {
    console.log(`\nGenerated the default project's API key (shown once here; also on the Settings page):\n\n    ${prepared.generatedKey}\n`);
  } else if (prepared.keySource === "env") {
    console.log("Ingest key: the value of LOUPE_API_KEY");
  } else if (prepared.displayKey) {
    console.log("Ingest key: the generated default key, on the Settings page (instance admins).");
  }
  if (prepared.secretSource === "generated") {
    console.log("Provider keys entered in Settings are encrypted with a secret generated at first start and kept in this database; set LOUPE_SECRET_KEY to keep it elsewhere (README, \"Providers\").");
  }
  if (!prepared.hasUsers) console.log(`\nNo account yet: finish setup at ${baseUrl}/setup (or set LOUPE_ADMIN_EMAIL and LOUPE_ADMIN_PASSWORD).`);
}
