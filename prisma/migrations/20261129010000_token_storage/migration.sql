-- On PostgreSQL this migration stores the token blobs out of line without pglz compression
-- (STORAGE EXTERNAL: Loupe compresses them itself). SQLite has no such setting and stores blobs
-- as given: nothing to do here. The folder keeps both migration lists equal.
SELECT 1;
