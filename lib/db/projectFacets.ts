import { sql, type Kysely } from "kysely";
import type { Statement } from "better-sqlite3";
import type { Database } from "./schema";
import type { SqliteDatabase } from "./sqlite";

/**
 * The models and tags seen in each project (`project_facets`), the filter bar's choices: added
 * by the ingest writer in the transaction that stores the responses, so the facets read a few
 * rows instead of a DISTINCT over every response (1.1 s at 1M responses on PostgreSQL).
 * Responses are only ever deleted with their project, whose facets go with it (ON DELETE
 * CASCADE), so a value once seen stays true; tags never change after ingest.
 */
export type FacetKind = "model" | "tag";

export interface FacetSample {
  model: string;
  tags: readonly string[];
}

/** The batch's distinct (kind, value) pairs, so a batch of 500 writes a handful of rows. */
export function distinctFacets(samples: Iterable<FacetSample>): Array<{ kind: FacetKind; value: string }> {
  const seen = new Map<string, { kind: FacetKind; value: string }>();
  for (const sample of samples) {
    seen.set(`model\u0000${sample.model}`, { kind: "model", value: sample.model });
    for (const tag of sample.tags) seen.set(`tag\u0000${tag}`, { kind: "tag", value: tag });
  }
  return [...seen.values()];
}

/**
 * PostgreSQL: one statement per batch; a value already there is skipped without a lock. Rows go
 * in (kind, value) order: two concurrent batches adding the same new values wait for each
 * other in the same order, never in a cycle (a deadlock).
 */
export async function addFacetsPostgres(trx: Kysely<Database>, projectId: string, samples: Iterable<FacetSample>): Promise<void> {
  const facets = distinctFacets(samples);
  if (facets.length === 0) return;
  await sql`
    INSERT INTO project_facets (project_id, kind, value)
    SELECT ${projectId}, kind, value FROM unnest(${facets.map((f) => f.kind)}::text[], ${facets.map((f) => f.value)}::text[]) AS f(kind, value)
    ORDER BY kind, value
    ON CONFLICT DO NOTHING`.execute(trx);
}

const sqliteStatements = new WeakMap<SqliteDatabase, Statement<unknown[]>>();

/** SQLite: inside the caller's synchronous transaction, through a statement prepared once per connection. */
export function addFacetsSqlite(connection: SqliteDatabase, projectId: string, samples: Iterable<FacetSample>): void {
  let insert = sqliteStatements.get(connection);
  if (!insert) {
    insert = connection.prepare(`INSERT INTO project_facets (project_id, kind, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`);
    sqliteStatements.set(connection, insert);
  }
  for (const facet of distinctFacets(samples)) insert.run(projectId, facet.kind, facet.value);
}
