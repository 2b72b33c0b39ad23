import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { env } from "@/lib/config/env";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { assertDatabaseReachable } from "@/lib/db/connectDatabase";
import { closeDatabases, db } from "@/lib/db/database";
import { parseDatabaseUrl } from "@/lib/db/databaseUrl";
import { migrate } from "@/lib/db/migrate";
import { migratePostgres } from "@/lib/db/migratePostgres";
import { sqlite } from "@/lib/db/sqlite";
import { INGEST_FILE_EXTENSIONS, readFileInputs, type LocatedInput } from "@/lib/ingest/ingestFile";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { SOURCE_FORMATS, type SourceFormat } from "@/lib/logprobs/types";

/**
 * `npm run ingest -- <file|dir>...`: bulk-loads .json / .jsonl / .ndjson / .sse files (any supported
 * format, bare or in an envelope) through the same library as the HTTP API.
 */
const USAGE = `usage: npm run ingest -- [--project <id>] [--format <format>] <file|dir>...
  --project  project id to ingest into (default: "${DEFAULT_PROJECT_ID}")
  --format   force a format instead of auto-detecting: ${SOURCE_FORMATS.join(", ")}`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { project: { type: "string" }, format: { type: "string" }, help: { type: "boolean", short: "h" } },
});
if (values.help || positionals.length === 0) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
const format = values.format as SourceFormat | undefined;
if (format && !SOURCE_FORMATS.includes(format)) {
  console.error(`unknown --format ${format}\n${USAGE}`);
  process.exit(2);
}
const projectId = values.project ?? DEFAULT_PROJECT_ID;

/** Migrates the database DATABASE_URL selects and makes sure the target project exists. */
async function prepareTarget(): Promise<void> {
  const url = env().DATABASE_URL;
  await assertDatabaseReachable(url);
  if (parseDatabaseUrl(url).backend === "postgres") await migratePostgres(db(url));
  else migrate(sqlite(url));
  const project = await db().selectFrom("projects").select("id").where("id", "=", projectId).executeTakeFirst();
  if (project) return;
  if (projectId !== DEFAULT_PROJECT_ID) {
    console.error(`no project "${projectId}"`);
    process.exit(2);
  }
  await db().insertInto("projects").values({ id: projectId, name: "Default", is_demo: false, created_at: Date.now() })
    .onConflict((oc) => oc.column("id").doNothing()).execute();
}

function collectFiles(target: string): string[] {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return [target];
  return fs
    .readdirSync(target)
    .sort()
    .flatMap((name) => {
      const full = path.join(target, name);
      return fs.statSync(full).isDirectory() ? collectFiles(full) : INGEST_FILE_EXTENSIONS.has(path.extname(name).toLowerCase()) ? [full] : [];
    });
}

// `npm run` starts scripts in the package's folder; paths are the caller's, relative to where npm was run.
const callerDir = process.env.INIT_CWD ?? process.cwd();
const targets = positionals.map((target) => path.resolve(callerDir, target));
const missing = targets.filter((target) => !fs.existsSync(target));
if (missing.length > 0) {
  for (const target of missing) console.error(`no such file or directory: ${target}`);
  process.exit(2);
}
const files = targets.flatMap(collectFiles);
const totalBytes = files.reduce((sum, file) => sum + fs.statSync(file).size, 0);
const totals = { ingested: 0, duplicates: 0, errors: 0 };
const errors: string[] = [];
let doneBytes = 0;
const started = Date.now();

function progress(label: string): void {
  if (!process.stderr.isTTY) return;
  const share = totalBytes > 0 ? doneBytes / totalBytes : 1;
  const width = 30;
  const bar = "█".repeat(Math.round(share * width)).padEnd(width, "░");
  process.stderr.write(`\r${bar} ${(share * 100).toFixed(0).padStart(3)}%  ${totals.ingested} ingested  ${label.slice(-40)}`);
}

async function flush(batch: LocatedInput[]): Promise<void> {
  const summary = await ingestRecords(db(), projectId, batch.map((item) => item.input));
  totals.ingested += summary.ingested;
  totals.duplicates += summary.duplicates;
  for (const result of summary.results) {
    if (!result.error) continue;
    totals.errors++;
    errors.push(`${batch[result.index]?.where}: ${result.error.code}: ${result.error.message}`);
  }
}

async function main(): Promise<void> {
await prepareTarget();
for (const file of files) {
  let batch: LocatedInput[] = [];
  for await (const record of readFileInputs(file, format)) {
    batch.push(record);
    if (batch.length >= 500) {
      await flush(batch);
      batch = [];
      progress(file);
    }
  }
  if (batch.length > 0) await flush(batch);
  doneBytes += fs.statSync(file).size;
  progress(file);
}
if (process.stderr.isTTY) process.stderr.write("\n");

const seconds = (Date.now() - started) / 1000;
console.log(`Files: ${files.length}   Ingested: ${totals.ingested}   Duplicates: ${totals.duplicates}   Errors: ${totals.errors}   (${seconds.toFixed(1)} s)`);
for (const line of errors.slice(0, 50)) console.log(`  ${line}`);
if (errors.length > 50) console.log(`  … and ${errors.length - 50} more`);
await closeDatabases();
process.exit(totals.errors > 0 && totals.ingested + totals.duplicates === 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
