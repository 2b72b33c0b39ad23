import { parseArgs } from "node:util";
import { assertDatabaseReachable } from "@/lib/db/connectDatabase";
import { copyDatabase, DEFAULT_BATCH_SIZE, type CopyProgress } from "@/lib/db/copyDatabase";
import { closeDatabases } from "@/lib/db/database";
import { closeSqlite } from "@/lib/db/sqlite";

/**
 * `npm run db:copy -- --from <url> --to <url>`: copies every table between two Loupe databases
 * (SQLite or PostgreSQL, either way) with lib/db/copyDatabase.ts. Progress goes to stderr;
 * Ctrl-C stops after the current batch, and the same command resumes.
 */
const USAGE = `usage: npm run db:copy -- --from <url> --to <url> [--force] [--batch-size <n>]
  --from        the database to read (file:… or postgresql://…); it is never written
  --to          the database to fill; migrated first, then filled table by table
  --force       empty a target that holds other data, then copy
  --batch-size  rows per batch and transaction (default ${DEFAULT_BATCH_SIZE})
An interrupted copy resumes where it stopped when the same command is run again.`;

function parse() {
  try {
    return parseArgs({
      options: {
        from: { type: "string" },
        to: { type: "string" },
        force: { type: "boolean" },
        "batch-size": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

function progressBar({ table, tableIndex, tableCount, tableRowsDone, tableRows, rowsDone, rowsTotal }: CopyProgress): void {
  if (!process.stderr.isTTY) return;
  const share = rowsTotal > 0 ? rowsDone / rowsTotal : 1;
  const width = 30;
  const bar = "█".repeat(Math.round(share * width)).padEnd(width, "░");
  const rows = `${rowsDone.toLocaleString("en-US")}/${rowsTotal.toLocaleString("en-US")} rows`;
  const current = `table ${tableIndex + 1}/${tableCount} ${table} ${tableRowsDone.toLocaleString("en-US")}/${tableRows.toLocaleString("en-US")}`;
  process.stderr.write(`\r${bar} ${(share * 100).toFixed(0).padStart(3)}%  ${rows}  ${current}\x1b[K`);
}

async function main(): Promise<number> {
  const values = parse();
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const batchSize = values["batch-size"] === undefined ? DEFAULT_BATCH_SIZE : Number(values["batch-size"]);
  if (!values.from || !values.to || !Number.isInteger(batchSize) || batchSize < 1) {
    console.error(`${!values.from || !values.to ? "--from and --to are required" : `--batch-size must be a positive integer, got "${values["batch-size"]}"`}\n${USAGE}`);
    return 2;
  }
  for (const [flag, url] of [["--from", values.from], ["--to", values.to]] as const) {
    try {
      await assertDatabaseReachable(url);
    } catch (error) {
      console.error(`${flag}: ${(error as Error).message}`);
      return 1;
    }
  }

  const controller = new AbortController();
  const interrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write("\nStopping after the current batch (Ctrl-C again to quit now)…\n");
    controller.abort();
  };
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);
  const started = Date.now();
  try {
    const result = await copyDatabase({ from: values.from, to: values.to, force: values.force, batchSize, signal: controller.signal, onProgress: progressBar });
    if (process.stderr.isTTY) process.stderr.write("\n");
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const total = result.tables.reduce((sum, t) => sum + t.rows, 0);
    if (result.outcome === "already-complete") {
      console.log(`Nothing to do: the target is a complete copy of this source (${total} rows). --force copies anew.`);
    } else {
      console.log(`${result.outcome === "resumed" ? "Resumed and finished" : "Copied"} ${result.tables.length} tables, ${total} rows (${result.rowsWritten} written now, ${seconds} s).`);
      for (const table of result.tables) console.log(`  ${table.name.padEnd(26)} ${String(table.rows).padStart(10)}`);
      if (result.nulsReplaced > 0) {
        console.log(`${result.nulsReplaced} text value(s) held U+0000, which PostgreSQL text cannot store: written with U+FFFD in its place, as ingest stores it.`);
      }
    }
    return 0;
  } catch (error) {
    if (process.stderr.isTTY) process.stderr.write("\n");
    if (controller.signal.aborted) {
      console.error("Interrupted: every finished batch is kept. Run the same command again to resume.");
      return 130;
    }
    console.error(`db:copy: ${(error as Error).message}`);
    if (!(error as Error).name.startsWith("CopyRefused")) console.error("Finished batches are kept; the same command resumes after the error is fixed.");
    return 1;
  } finally {
    await closeDatabases();
    closeSqlite();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`db:copy: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
