-- =============================================================================
-- Rollback of migration 0024: sync preview cache, progress tracking and log
-- =============================================================================
-- Drops everything 0024_sync_preview_progress_logs.sql creates, in reverse
-- order, and nothing else. Policies, indexes, constraints, comments and the
-- partitions of sync_activity_log go with their tables.
--
-- DATA LOSS: previews, run history and the activity log are deleted. Export
-- sync_activity_log first if it must be kept for compliance.
--
-- No CASCADE on purpose: if anything outside 0024 has started to depend on
-- these objects (a view, another table's FK), the rollback stops instead of
-- silently dropping it.
-- =============================================================================

BEGIN;

SET LOCAL lock_timeout = '5s';

-- Triggers (explicit, although DROP TABLE would remove them too)
DROP TRIGGER IF EXISTS sync_progress_log_status_change ON sync_progress;
DROP TRIGGER IF EXISTS sync_progress_30_validate ON sync_progress;
DROP TRIGGER IF EXISTS sync_progress_20_elapsed ON sync_progress;
DROP TRIGGER IF EXISTS sync_progress_10_timestamp ON sync_progress;
DROP TRIGGER IF EXISTS sync_preview_cache_auto_cleanup ON sync_preview_cache;

-- Trigger functions
DROP FUNCTION IF EXISTS auto_log_sync_activity_on_progress_change();
DROP FUNCTION IF EXISTS update_sync_progress_timestamp();
DROP FUNCTION IF EXISTS validate_sync_progress_totals();
DROP FUNCTION IF EXISTS update_sync_progress_elapsed();
DROP FUNCTION IF EXISTS auto_cleanup_preview_cache();

-- Tables (with their policies, indexes, constraints and partitions)
DROP TABLE IF EXISTS sync_activity_log;
DROP TABLE IF EXISTS sync_progress;
DROP TABLE IF EXISTS sync_preview_cache;

-- Enum types, once no column uses them any more
DROP TYPE IF EXISTS sync_status_type;
DROP TYPE IF EXISTS sync_entity_type;
DROP TYPE IF EXISTS sync_action;
DROP TYPE IF EXISTS sync_type;

COMMIT;
