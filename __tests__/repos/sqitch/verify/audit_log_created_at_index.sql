-- Verify teamwork:audit_log_created_at_index on pg

SELECT 1 / count(*) FROM pg_indexes WHERE indexname = 'audit_log_created_at_idx';
