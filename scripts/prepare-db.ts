import { prepareDatabase } from "@/lib/db/prepareDatabase";
import { printPrepared } from "./printPrepared";

printPrepared(prepareDatabase());
