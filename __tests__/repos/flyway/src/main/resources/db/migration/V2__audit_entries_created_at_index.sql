-- Flyway sees CREATE INDEX CONCURRENTLY and runs this migration outside a
-- transaction; it must stay alone in its migration.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_audit_entries_created_at ON audit_entries (created_at);
