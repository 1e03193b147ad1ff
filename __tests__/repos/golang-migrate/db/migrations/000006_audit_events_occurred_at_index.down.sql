DROP INDEX CONCURRENTLY IF EXISTS audit_events_occurred_at_idx;
