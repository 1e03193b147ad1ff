-- Deploy teamwork:audit_log_created_at_index to pg
-- requires: audit_log

-- No BEGIN/COMMIT: CREATE INDEX CONCURRENTLY refuses a transaction block.
CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_log_created_at_idx ON audit_log (created_at);
