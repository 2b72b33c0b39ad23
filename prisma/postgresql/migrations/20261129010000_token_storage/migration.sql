-- Token blobs are compressed by Loupe (lib/storage/tokenBlob.ts: Brotli), so PostgreSQL's own
-- pglz attempt on each ~8 KB blob is CPU spent for nothing: EXTERNAL moves them out of line to
-- TOAST without trying to compress them. SET STORAGE on a partitioned table reaches its existing
-- partitions (monthly and DEFAULT), and CREATE TABLE ... PARTITION OF copies each column's
-- storage from the parent, so the months created later get it too (lib/db/partitions.test.ts).
-- Rows already stored keep the form they were written in.
ALTER TABLE "response_tokens" ALTER COLUMN "tokens_blob" SET STORAGE EXTERNAL;
ALTER TABLE "response_tokens" ALTER COLUMN "prompt_tokens_blob" SET STORAGE EXTERNAL;
ALTER TABLE "probe_samples" ALTER COLUMN "tokens_blob" SET STORAGE EXTERNAL;
