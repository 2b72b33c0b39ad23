/**
 * Text stored in a text column, with U+0000 (NUL) as U+FFFD on both databases: PostgreSQL's text
 * type cannot hold NUL (a record carrying one failed to store there, and stored on SQLite).
 * Tokens keep it: the token blob is binary, so the token view and the glitch-token detector see
 * the NUL itself; JSON columns (metadata, messages, params) keep it as the escape `\u0000`.
 * db:copy applies it to SQLite rows stored before ingest did (lib/db/copyDatabase.ts).
 */
export function storableText(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "\uFFFD") : text;
}
