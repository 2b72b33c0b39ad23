import { migrate } from "@/lib/db/migrate";
import { sqlite } from "@/lib/db/sqlite";

const { applied, alreadyApplied } = migrate(sqlite());
console.log(applied.length > 0 ? `Applied ${applied.join(", ")}` : `Database is up to date (${alreadyApplied} migrations).`);
