import { prepareDatabase } from "@/lib/db/prepareDatabase";
import { printPrepared } from "./printPrepared";

prepareDatabase()
  .then((prepared) => printPrepared(prepared))
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
