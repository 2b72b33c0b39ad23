-- On SQLite this migration gives response_tokens its response's occurred_at. PostgreSQL support
-- had not shipped yet, so its init migration already creates response_tokens with occurred_at,
-- partitioned by it: nothing is left to do here. The folder keeps both migration lists equal.
SELECT 1;
