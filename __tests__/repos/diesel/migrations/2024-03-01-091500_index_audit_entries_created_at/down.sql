DROP INDEX CONCURRENTLY IF EXISTS audit_entries_created_at_idx;
