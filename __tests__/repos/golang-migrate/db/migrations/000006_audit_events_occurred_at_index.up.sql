CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_events_occurred_at_idx ON audit_events (occurred_at);
