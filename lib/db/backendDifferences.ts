/**
 * Every way prisma/postgresql/schema.prisma may differ from prisma/schema.prisma, and why: the
 * one allow-list lib/db/schemaParity.test.ts applies (each entry must still be a real difference,
 * and nothing else may differ). All of them follow from time partitioning on PostgreSQL: a
 * partitioned table's primary key and unique indexes must include its partition key
 * (occurred_at), see the top of prisma/postgresql/schema.prisma. Partitions themselves (monthly
 * and DEFAULT children, lib/db/partitions.ts) are not in either schema.
 *
 * Lines are the schema facts the parity test derives from each schema.prisma: a model
 * (`model X -> table`, which covers every fact of that model), a primary key, a field (with its
 * relation), an index.
 */
export interface BackendDifference {
  /** The fact on SQLite, or null when only PostgreSQL has it. */
  sqlite: string | null;
  /** The fact on PostgreSQL, or null when only SQLite has it. */
  postgres: string | null;
  why: string;
}

/**
 * Tables that exist on one backend only and are filled by that backend's triggers, never
 * written by the app: db:copy leaves them to the target's triggers.
 */
export const TRIGGER_FILLED_TABLES: ReadonlySet<string> = new Set(["response_keys"]);

const PARTITION_KEY_IN_KEYS = "a partitioned table's primary key must include the partition key occurred_at";
const REFERENCES_PARTITIONED = "a foreign key must reference a unique key of responses, which now includes occurred_at";

export const BACKEND_DIFFERENCES: readonly BackendDifference[] = [
  { sqlite: "Response primary key (id)", postgres: "Response primary key (id,occurredAt)", why: `${PARTITION_KEY_IN_KEYS}; ids still come from one sequence` },
  { sqlite: "ResponseTokens primary key (responseId)", postgres: "ResponseTokens primary key (responseId,occurredAt)", why: `${PARTITION_KEY_IN_KEYS} (response_tokens is partitioned alike)` },
  {
    sqlite: "ResponseTokens.response -> response object Response required relation (responseId) references (id) on delete Cascade",
    postgres: "ResponseTokens.response -> response object Response required relation (responseId,occurredAt) references (id,occurredAt) on delete Cascade",
    why: REFERENCES_PARTITIONED,
  },
  {
    sqlite: "ResponseTag.response -> response object Response required relation (responseId) references (id) on delete Cascade",
    postgres: "ResponseTag.response -> response object Response required relation (responseId,occurredAt) references (id,occurredAt) on delete Cascade",
    why: REFERENCES_PARTITIONED,
  },
  {
    sqlite: "Response unique index (projectId,externalId,sampleIndex)",
    postgres: "Response normal index (projectId,externalId,sampleIndex)",
    why: "a unique index on responses would have to include occurred_at, and a resent record without a timestamp gets a new one; the uniqueness moves to response_keys",
  },
  { sqlite: null, postgres: "model ResponseKey -> response_keys", why: "holds the (project, external id, sample) uniqueness for the partitioned responses table, claimed by the trigger responses_claim_key" },
  { sqlite: null, postgres: "Response.keys -> keys object ResponseKey[] optional", why: "the back-relation of ResponseKey" },
  {
    sqlite: null,
    postgres: "Response normal index responses_output_text_trgm_idx (outputText gin_trgm_ops) Gin",
    why: "explorer text search through pg_trgm (ILIKE '%needle%'); SQLite has no trigram index and scans",
  },
];
