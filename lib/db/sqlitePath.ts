import path from "node:path";

/** Resolves a `file:` DATABASE_URL to an absolute path (relative paths are from the working directory). */
export function sqliteFilePath(databaseUrl: string): string {
  if (!databaseUrl.startsWith("file:")) throw new Error(`not a SQLite DATABASE_URL (file:…): ${databaseUrl.split(":")[0]}:…`);
  const raw = databaseUrl.replace(/^file:/, "").split("?")[0] ?? "";
  if (raw === ":memory:") return raw;
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), raw);
}
