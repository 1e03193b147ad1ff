-- Rollback of 0023_sync_infrastructure.sql.
-- Roll back 0024 first: its validate_sync_progress_totals() trigger looks
-- connectors up in sync_connector.

BEGIN;

DROP TABLE sync_config;
DROP TABLE sync_connector;
DROP FUNCTION set_updated_at();

COMMIT;
