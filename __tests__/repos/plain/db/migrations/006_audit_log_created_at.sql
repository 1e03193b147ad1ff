-- No BEGIN here: psql runs each statement on its own, and CREATE INDEX
-- CONCURRENTLY must run outside a transaction block.
CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_log_created_at_idx ON audit_log (created_at);
