DROP INDEX CONCURRENTLY IF EXISTS audit_log_created_at_idx;
