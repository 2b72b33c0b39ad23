-- response_tokens gets its response's occurred_at (PostgreSQL partitions the table by it, and
-- retention deletes by it on both databases) and an index on it.
-- RedefineTable (SQLite cannot add a NOT NULL column without a default)
CREATE TABLE "new_response_tokens" (
    "response_id" INTEGER NOT NULL PRIMARY KEY,
    "occurred_at" DATETIME NOT NULL,
    "tokens_blob" BLOB NOT NULL,
    "prompt_tokens_blob" BLOB,
    CONSTRAINT "response_tokens_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "responses" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_response_tokens" ("response_id", "occurred_at", "tokens_blob", "prompt_tokens_blob")
SELECT t."response_id", r."occurred_at", t."tokens_blob", t."prompt_tokens_blob"
FROM "response_tokens" t JOIN "responses" r ON r."id" = t."response_id";
DROP TABLE "response_tokens";
ALTER TABLE "new_response_tokens" RENAME TO "response_tokens";

-- CreateIndex
CREATE INDEX "response_tokens_occurred_at_idx" ON "response_tokens"("occurred_at");
