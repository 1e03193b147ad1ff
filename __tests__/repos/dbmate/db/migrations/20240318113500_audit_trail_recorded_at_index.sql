-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_trail_recorded_at_idx ON audit_trail (recorded_at);

-- migrate:down transaction:false
DROP INDEX CONCURRENTLY IF EXISTS audit_trail_recorded_at_idx;
