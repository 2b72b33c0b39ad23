-- The filter bar's models and tags per project, kept at ingest (lib/db/projectFacets.ts) in the
-- same transaction as the responses, so the facets never scan responses or response_tags.
CREATE TABLE "project_facets" (
    "project_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "project_facets_pkey" PRIMARY KEY ("project_id","kind","value")
);

ALTER TABLE "project_facets" ADD CONSTRAINT "project_facets_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What the responses stored before this migration have seen.
INSERT INTO "project_facets" ("project_id", "kind", "value")
SELECT DISTINCT "project_id", 'model', "model" FROM "responses"
ON CONFLICT DO NOTHING;
INSERT INTO "project_facets" ("project_id", "kind", "value")
SELECT DISTINCT "project_id", 'tag', "tag" FROM "response_tags"
ON CONFLICT DO NOTHING;

-- Explorer sorts by a nullable metric: the non-null rows in (metric, id) order straight from an
-- index (a Merge Append of each partition's index), then the nulls by id
-- (lib/queries/listResponses.ts), instead of sorting every row of the range. occurred_at last,
-- so the time filter is checked in the index (an index-only scan).
CREATE INDEX "responses_project_id_perplexity_id_occurred_at_idx" ON "responses"("project_id", "perplexity", "id", "occurred_at");
CREATE INDEX "responses_project_id_avg_logprob_id_occurred_at_idx" ON "responses"("project_id", "avg_logprob", "id", "occurred_at");
CREATE INDEX "responses_project_id_max_entropy_bits_id_occurred_at_idx" ON "responses"("project_id", "max_entropy_bits", "id", "occurred_at");
