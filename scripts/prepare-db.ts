import { closeDatabases } from "@/lib/db/database";
import { prepareDatabase } from "@/lib/db/prepareDatabase";
import { printPrepared } from "./printPrepared";

prepareDatabase()
  .then((prepared) => printPrepared(prepared))
  .then(() => closeDatabases())
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
