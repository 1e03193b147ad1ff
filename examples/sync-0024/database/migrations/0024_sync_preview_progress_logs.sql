-- =============================================================================
-- Migration 0024: sync preview cache, progress tracking and activity log
-- =============================================================================
-- File:        database/migrations/0024_sync_preview_progress_logs.sql
-- Depends on:  0023_sync_infrastructure.sql (sync_connector, sync_config)
-- Requires:    the multi-tenant foundation — the organization table and the
--              auth schema (users_extended, uid()), see database/prerequisites/
-- Target:      PostgreSQL 15+ (production: Neon PostgreSQL 17.5)
-- Rollback:    0024_sync_preview_progress_logs.down.sql
--
-- Purpose
-- -------
-- The Odoo and WooCommerce connectors run "blind" today: nothing shows what a
-- sync would change before it runs, long-running jobs report no progress, and
-- there is no per-organization audit trail. This migration adds:
--
--   1. sync_preview_cache   short-lived dry-run results (TTL + auto-cleanup)
--   2. sync_progress        one row per sync run, updated while it runs
--   3. sync_activity_log    audit log, range-partitioned by month
--
-- plus 4 enum types, 15 indexes, 5 trigger functions and 12 RLS policies.
--
-- Multi-tenancy
-- -------------
-- Every table carries org_id and is protected by row level security: a user
-- sees only the rows of the organization recorded for them in the auth schema.
-- Background workers connect as the table owner and bypass RLS.
--
-- Transaction
-- -----------
-- The file manages its own transaction (BEGIN … COMMIT). The enum types are
-- created first; if anything later fails — e.g. a missing foreign-key target —
-- the whole migration rolls back and leaves nothing behind.
--
-- Deployment
-- ----------
-- * Apply database/prerequisites/ first on databases created before the
--   multi-tenant foundation; 0024 fails without them.
-- * Only new tables are created, so no existing table is locked for long. The
--   lock_timeout below still stops the migration from queueing behind a
--   long-running transaction on the organization table.
-- * After deploying, check: 3 tables, 15 indexes, 5 trigger functions,
--   4 enum types and 12 policies (see the verification checklist).
--
-- Changelog
-- ---------
-- 2025-11-03  initial version (integrations team)
-- 2025-11-04  review: partition the activity log by month, add the
--             tenant-consistency FK on sync_progress (Jürgen Müller)
-- =============================================================================

BEGIN;

-- Fail fast rather than wait behind other sessions' locks.
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '60s';

-- -----------------------------------------------------------------------------
-- SECTION 1: Enum types
-- -----------------------------------------------------------------------------

-- What kind of run a preview or progress row belongs to.
CREATE TYPE sync_type AS ENUM (
    'full',
    'incremental',
    'preview',
    'manual'
);

-- What happened to one record (activity log), or to a whole run
-- (sync_started / sync_completed).
CREATE TYPE sync_action AS ENUM (
    'create',
    'update',
    'delete',
    'skip',
    'conflict',
    'error',
    'sync_started',
    'sync_completed'
);

-- The kinds of records the connectors move between systems.
CREATE TYPE sync_entity_type AS ENUM (
    'customer',
    'product',
    'supplier',
    'order',
    'invoice',
    'inventory',
    'price_list',
    'category'
);

-- Lifecycle of a sync run. Terminal states: completed, completed_with_errors,
-- failed, cancelled.
CREATE TYPE sync_status_type AS ENUM (
    'pending',
    'queued',
    'running',
    'paused',
    'completed',
    'completed_with_errors',
    'failed',
    'cancelled'
);

-- -----------------------------------------------------------------------------
-- SECTION 2: Tables
-- -----------------------------------------------------------------------------

-- 2.1 sync_preview_cache
-- Result of a dry run ("what would this sync create/update/delete?"), shown in
-- the UI before the user confirms. Rows expire after the connector's
-- preview_ttl_minutes (sync_config); expired rows are removed by
-- auto_cleanup_preview_cache().
--
-- preview_data holds one entry per record, keyed by sync_action, e.g.
--   {"create": [...], "update": [...], "conflict": [...]}
-- record_count is the number of records the preview covers.
CREATE TABLE IF NOT EXISTS sync_preview_cache (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id        UUID NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
    connector     TEXT NOT NULL,
    entity_type   sync_entity_type NOT NULL,
    preview_data  JSONB NOT NULL DEFAULT '{}'::jsonb,
    record_count  INTEGER NOT NULL DEFAULT 0 CHECK (record_count >= 0),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at    TIMESTAMPTZ NOT NULL DEFAULT now() + interval '30 minutes',
    CONSTRAINT sync_preview_cache_expiry_chk CHECK (expires_at > created_at)
);

-- 2.2 sync_progress
-- One row per sync run. Workers update the counters while the run is going;
-- triggers keep updated_at, elapsed time and throughput current. connector is
-- a sync_connector.code (migration 0023), checked by a trigger.
CREATE TABLE IF NOT EXISTS sync_progress (
    id                  UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id              UUID NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
    connector           TEXT NOT NULL,
    sync_type           sync_type NOT NULL,
    entity_type         sync_entity_type NOT NULL,
    status              sync_status_type NOT NULL DEFAULT 'pending',
    initiated_by        UUID REFERENCES auth.users_extended(id) ON DELETE SET NULL,
    total_records       INTEGER NOT NULL DEFAULT 0,
    processed_records   INTEGER NOT NULL DEFAULT 0,
    failed_records      INTEGER NOT NULL DEFAULT 0,
    elapsed_seconds     NUMERIC(12,3),
    records_per_second  NUMERIC(12,2),
    error_message       TEXT,
    started_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at        TIMESTAMPTZ,
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT sync_progress_completed_after_start
        CHECK (completed_at IS NULL OR completed_at >= started_at)
);

-- Documentation for the schema browser and generated API docs.
COMMENT ON TABLE sync_preview_cache IS
    'Dry-run results of a sync, shown before the user confirms; expires after the connector''s preview_ttl_minutes.';
COMMENT ON COLUMN sync_preview_cache.connector IS
    'sync_connector.code of the external system (migration 0023).';
COMMENT ON COLUMN sync_preview_cache.preview_data IS
    'Planned changes keyed by sync_action: {"create": [...], "update": [...], ...}.';
COMMENT ON COLUMN sync_preview_cache.expires_at IS
    'Rows past this instant are deleted by auto_cleanup_preview_cache().';

COMMENT ON TABLE sync_progress IS
    'One row per sync run; counters are updated by the worker while the run is going.';
COMMENT ON COLUMN sync_progress.initiated_by IS
    'User who started the run; NULL for scheduled runs or once the user is deleted.';
COMMENT ON COLUMN sync_progress.status IS
    'Lifecycle state; every change is written to sync_activity_log.';
COMMENT ON COLUMN sync_progress.error_message IS
    'Last fatal error of the run (status failed); per-record errors go to the log.';
COMMENT ON COLUMN sync_progress.elapsed_seconds IS
    'Maintained by update_sync_progress_elapsed(); stops at completed_at.';
COMMENT ON COLUMN sync_progress.records_per_second IS
    'processed_records / elapsed_seconds, maintained by update_sync_progress_elapsed().';
COMMENT ON COLUMN sync_progress.completed_at IS
    'Set by update_sync_progress_timestamp() when status becomes terminal.';

-- 2.3 sync_activity_log
-- Audit trail: one row per record touched by a run and one per
-- status change of a run (written by auto_log_sync_activity_on_progress_change).
--
-- Range-partitioned by month on created_at so that old months can be detached
-- and archived without a long DELETE. PostgreSQL requires the partition key in
-- every unique constraint, hence the composite primary key (id, created_at).
--
-- sync_progress_id deliberately has no foreign key: the log must survive the
-- deletion of the run it describes. user_id is set to NULL when a user is
-- deleted, so the entry stays but no longer points at a person.
--
-- Readers: the UI's "Activity" tab (per run and per user, newest first) and
-- the monthly compliance export (per organization and month).
--
-- Volume estimate (2025-10, largest tenant): ~1.2 M rows per month, ~350 MB
-- per monthly partition including indexes.
CREATE TABLE IF NOT EXISTS sync_activity_log (
    id                BIGINT GENERATED ALWAYS AS IDENTITY,
    org_id            UUID NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
    sync_progress_id  UUID,
    user_id           UUID REFERENCES auth.users_extended(id) ON DELETE SET NULL,
    action            sync_action NOT NULL,
    entity_type       sync_entity_type NOT NULL,
    entity_id         TEXT,
    status            sync_status_type,
    details           JSONB NOT NULL DEFAULT '{}'::jsonb,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);

COMMENT ON TABLE sync_activity_log IS
    'Audit trail of sync runs, partitioned by month on created_at.';

-- Monthly partitions; a scheduled job creates the next month ahead of time.
-- Rows outside every range land in the DEFAULT partition instead of failing.
-- Archiving a month: ALTER TABLE sync_activity_log DETACH PARTITION ... ;
-- then dump and drop the detached table.
CREATE TABLE IF NOT EXISTS sync_activity_log_2025_11 PARTITION OF sync_activity_log
    FOR VALUES FROM ('2025-11-01 00:00:00+00') TO ('2025-12-01 00:00:00+00');
CREATE TABLE IF NOT EXISTS sync_activity_log_2025_12 PARTITION OF sync_activity_log
    FOR VALUES FROM ('2025-12-01 00:00:00+00') TO ('2026-01-01 00:00:00+00');
CREATE TABLE IF NOT EXISTS sync_activity_log_2026_01 PARTITION OF sync_activity_log
    FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2026-02-01 00:00:00+00');
CREATE TABLE IF NOT EXISTS sync_activity_log_default PARTITION OF sync_activity_log
    DEFAULT;

-- -----------------------------------------------------------------------------
-- SECTION 3: Indexes (15)
-- -----------------------------------------------------------------------------
-- Every foreign-key column leads at least one index, so ON DELETE CASCADE /
-- SET NULL from organization and users never scans a whole table.

-- sync_preview_cache (4)
CREATE INDEX IF NOT EXISTS idx_sync_preview_cache_org_lookup
    ON sync_preview_cache (org_id, connector, entity_type, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_sync_preview_cache_expires_at
    ON sync_preview_cache (expires_at);
CREATE INDEX IF NOT EXISTS idx_sync_preview_cache_data
    ON sync_preview_cache USING GIN (preview_data jsonb_path_ops);
CREATE INDEX IF NOT EXISTS idx_sync_preview_cache_created_at
    ON sync_preview_cache USING BRIN (created_at);

-- sync_progress (5)
CREATE INDEX IF NOT EXISTS idx_sync_progress_org_started
    ON sync_progress (org_id, started_at DESC);
CREATE INDEX IF NOT EXISTS idx_sync_progress_initiated_by
    ON sync_progress (initiated_by, org_id);
CREATE INDEX IF NOT EXISTS idx_sync_progress_active
    ON sync_progress (org_id, status)
    WHERE status IN ('pending', 'queued', 'running', 'paused');
CREATE INDEX IF NOT EXISTS idx_sync_progress_connector_entity
    ON sync_progress (connector, entity_type, started_at DESC);
CREATE INDEX IF NOT EXISTS idx_sync_progress_stale_running
    ON sync_progress (updated_at)
    WHERE status = 'running';

-- sync_activity_log (6) — created on the parent, cascaded to every partition
-- (PostgreSQL cannot build these CONCURRENTLY on a partitioned table).
CREATE INDEX IF NOT EXISTS idx_sync_activity_log_org_created
    ON sync_activity_log (org_id, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_sync_activity_log_user_id
    ON sync_activity_log (user_id, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_sync_activity_log_progress
    ON sync_activity_log (sync_progress_id, created_at);
CREATE INDEX IF NOT EXISTS idx_sync_activity_log_entity
    ON sync_activity_log (org_id, entity_type, entity_id);
CREATE INDEX IF NOT EXISTS idx_sync_activity_log_errors
    ON sync_activity_log (org_id, created_at DESC)
    WHERE action IN ('conflict', 'error');
CREATE INDEX IF NOT EXISTS idx_sync_activity_log_details
    ON sync_activity_log USING GIN (details jsonb_path_ops);

-- -----------------------------------------------------------------------------
-- SECTION 4: Tenant consistency
-- -----------------------------------------------------------------------------
-- The column-level FK on initiated_by only proves the user exists. This one
-- also proves the user belongs to the run's organization, so a run can never
-- be attributed to somebody from another tenant. Deleting the user clears
-- initiated_by only; org_id stays. Covered by idx_sync_progress_initiated_by.
ALTER TABLE sync_progress
    ADD CONSTRAINT sync_progress_initiator_same_org_fkey
    FOREIGN KEY (initiated_by, org_id)
    REFERENCES auth.users_extended (id, org_id)
    ON DELETE SET NULL (initiated_by);

-- -----------------------------------------------------------------------------
-- SECTION 5: Row level security (12 policies, 4 per table)
-- -----------------------------------------------------------------------------
-- A row is visible to / writable by a user when the user's organization in
-- the auth schema is the row's organization. The current user is taken from
-- the JWT claim (request.jwt.claim.sub), as set by PostgREST / Supabase.
--
-- RLS is enabled but not forced: the table owner (migrations, background
-- workers) bypasses it, and so does the SECURITY DEFINER audit trigger below.
-- Each policy is spelled out per command rather than FOR ALL, so that a
-- future read-only role can be granted SELECT without touching the others.
-- Lookups hit the unique index on auth users (id, org_id).
--
-- Policies are not restricted TO a role: they apply to every non-owner role.

ALTER TABLE sync_preview_cache ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_progress ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_activity_log ENABLE ROW LEVEL SECURITY;

-- sync_preview_cache
CREATE POLICY preview_cache_select ON sync_preview_cache
    FOR SELECT
    USING (EXISTS (SELECT 1 FROM auth.users_extended u
                   WHERE u.id = auth.uid() AND u.org_id = sync_preview_cache.org_id));

CREATE POLICY preview_cache_insert ON sync_preview_cache
    FOR INSERT
    WITH CHECK (EXISTS (SELECT 1 FROM auth.users_extended u
                        WHERE u.id = auth.uid() AND u.org_id = sync_preview_cache.org_id));

CREATE POLICY preview_cache_update ON sync_preview_cache
    FOR UPDATE
    USING (EXISTS (SELECT 1 FROM auth.users_extended u
                   WHERE u.id = auth.uid() AND u.org_id = sync_preview_cache.org_id))
    WITH CHECK (EXISTS (SELECT 1 FROM auth.users_extended u
                        WHERE u.id = auth.uid() AND u.org_id = sync_preview_cache.org_id));

CREATE POLICY preview_cache_delete ON sync_preview_cache
    FOR DELETE
    USING (EXISTS (SELECT 1 FROM auth.users_extended u
                   WHERE u.id = auth.uid() AND u.org_id = sync_preview_cache.org_id));

-- sync_progress
CREATE POLICY progress_select ON sync_progress
    FOR SELECT
    USING (EXISTS (SELECT 1 FROM auth.users_extended u
                   WHERE u.id = auth.uid() AND u.org_id = sync_progress.org_id));

CREATE POLICY progress_insert ON sync_progress
    FOR INSERT
    WITH CHECK (EXISTS (SELECT 1 FROM auth.users_extended u
                        WHERE u.id = auth.uid() AND u.org_id = sync_progress.org_id));

CREATE POLICY progress_update ON sync_progress
    FOR UPDATE
    USING (EXISTS (SELECT 1 FROM auth.users_extended u
                   WHERE u.id = auth.uid() AND u.org_id = sync_progress.org_id))
    WITH CHECK (EXISTS (SELECT 1 FROM auth.users_extended u
                        WHERE u.id = auth.uid() AND u.org_id = sync_progress.org_id));

CREATE POLICY progress_delete ON sync_progress
    FOR DELETE
    USING (EXISTS (SELECT 1 FROM auth.users_extended u
                   WHERE u.id = auth.uid() AND u.org_id = sync_progress.org_id));

-- sync_activity_log
CREATE POLICY activity_log_select ON sync_activity_log
    FOR SELECT
    USING (EXISTS (SELECT 1 FROM auth.users_extended u
                   WHERE u.id = auth.uid() AND u.org_id = sync_activity_log.org_id));

CREATE POLICY activity_log_insert ON sync_activity_log
    FOR INSERT
    WITH CHECK (EXISTS (SELECT 1 FROM auth.users_extended u
                        WHERE u.id = auth.uid() AND u.org_id = sync_activity_log.org_id));

CREATE POLICY activity_log_update ON sync_activity_log
    FOR UPDATE
    USING (EXISTS (SELECT 1 FROM auth.users_extended u
                   WHERE u.id = auth.uid() AND u.org_id = sync_activity_log.org_id))
    WITH CHECK (EXISTS (SELECT 1 FROM auth.users_extended u
                        WHERE u.id = auth.uid() AND u.org_id = sync_activity_log.org_id));

CREATE POLICY activity_log_delete ON sync_activity_log
    FOR DELETE
    USING (EXISTS (SELECT 1 FROM auth.users_extended u
                   WHERE u.id = auth.uid() AND u.org_id = sync_activity_log.org_id));

-- -----------------------------------------------------------------------------
-- SECTION 6: Trigger functions (5)
-- -----------------------------------------------------------------------------

-- 6.1 Remove the organization's expired previews whenever a new one is stored,
-- so the cache never grows without bound even if no cron job runs.
CREATE OR REPLACE FUNCTION auto_cleanup_preview_cache() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = public
AS $$
BEGIN
    DELETE FROM sync_preview_cache
    WHERE org_id = NEW.org_id
      AND expires_at < now();
    RETURN NULL;  -- AFTER trigger: return value is ignored
END;
$$;

-- 6.2 Keep elapsed_seconds and records_per_second current. The clock stops at
-- completed_at once the run has finished.
CREATE OR REPLACE FUNCTION update_sync_progress_elapsed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = public
AS $$
DECLARE
    v_until TIMESTAMPTZ := coalesce(NEW.completed_at, now());
BEGIN
    NEW.elapsed_seconds := round(extract(epoch FROM (v_until - NEW.started_at))::numeric, 3);
    IF NEW.elapsed_seconds > 0 THEN
        NEW.records_per_second := round(NEW.processed_records / NEW.elapsed_seconds, 2);
    ELSE
        NEW.records_per_second := NULL;
    END IF;
    RETURN NEW;
END;
$$;

-- 6.3 Reject impossible counters and unknown or disabled connectors (registry
-- from migration 0023). Raises instead of clamping so buggy workers are noticed.
CREATE OR REPLACE FUNCTION validate_sync_progress_totals() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = public
AS $$
BEGIN
    IF NEW.total_records < 0 OR NEW.processed_records < 0 OR NEW.failed_records < 0 THEN
        RAISE EXCEPTION 'sync_progress %: record counts must not be negative', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.processed_records > NEW.total_records THEN
        RAISE EXCEPTION 'sync_progress %: processed_records (%) exceeds total_records (%)',
            NEW.id, NEW.processed_records, NEW.total_records
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.failed_records > NEW.processed_records THEN
        RAISE EXCEPTION 'sync_progress %: failed_records (%) exceeds processed_records (%)',
            NEW.id, NEW.failed_records, NEW.processed_records
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'INSERT' OR NEW.connector IS DISTINCT FROM OLD.connector THEN
        IF NOT EXISTS (SELECT 1 FROM sync_connector c
                       WHERE c.code = NEW.connector AND c.is_enabled) THEN
            RAISE EXCEPTION 'sync_progress %: unknown or disabled connector "%"',
                NEW.id, NEW.connector
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    RETURN NEW;
END;
$$;

-- 6.4 Stamp updated_at on every change and completed_at when the run reaches a
-- terminal state (cleared again if a run is resumed).
CREATE OR REPLACE FUNCTION update_sync_progress_timestamp() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = public
AS $$
BEGIN
    NEW.updated_at := now();
    IF NEW.status IN ('completed', 'completed_with_errors', 'failed', 'cancelled') THEN
        NEW.completed_at := coalesce(NEW.completed_at, now());
    ELSE
        NEW.completed_at := NULL;
    END IF;
    RETURN NEW;
END;
$$;

-- 6.5 Write one audit row per status change of a run. SECURITY DEFINER so that
-- a user's status change is logged even though the log is protected by RLS.
CREATE OR REPLACE FUNCTION auto_log_sync_activity_on_progress_change() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = public
AS $$
DECLARE
    v_action sync_action;
BEGIN
    v_action := CASE
        WHEN NEW.status = 'running' AND OLD.status IN ('pending', 'queued') THEN 'sync_started'
        WHEN NEW.status = 'failed' THEN 'error'
        WHEN NEW.status IN ('completed', 'completed_with_errors', 'cancelled') THEN 'sync_completed'
        ELSE 'update'
    END;

    INSERT INTO sync_activity_log
        (org_id, sync_progress_id, user_id, action, entity_type, entity_id, status, details)
    VALUES (
        NEW.org_id, NEW.id, NEW.initiated_by, v_action, NEW.entity_type, NEW.id::text, NEW.status,
        jsonb_build_object(
            'connector',          NEW.connector,
            'sync_type',          NEW.sync_type,
            'previous_status',    OLD.status,
            'total_records',      NEW.total_records,
            'processed_records',  NEW.processed_records,
            'failed_records',     NEW.failed_records,
            'elapsed_seconds',    NEW.elapsed_seconds,
            'error_message',      NEW.error_message
        )
    );
    RETURN NULL;
END;
$$;

-- -----------------------------------------------------------------------------
-- SECTION 7: Triggers
-- -----------------------------------------------------------------------------
-- BEFORE triggers on one table fire in name order, hence the numeric prefixes:
-- timestamps first (completed_at feeds the elapsed time), then elapsed time,
-- then validation of the final row.

CREATE TRIGGER sync_preview_cache_auto_cleanup
    AFTER INSERT ON sync_preview_cache
    FOR EACH ROW EXECUTE FUNCTION auto_cleanup_preview_cache();

CREATE TRIGGER sync_progress_10_timestamp
    BEFORE UPDATE ON sync_progress
    FOR EACH ROW EXECUTE FUNCTION update_sync_progress_timestamp();

CREATE TRIGGER sync_progress_20_elapsed
    BEFORE UPDATE ON sync_progress
    FOR EACH ROW EXECUTE FUNCTION update_sync_progress_elapsed();

CREATE TRIGGER sync_progress_30_validate
    BEFORE INSERT OR UPDATE ON sync_progress
    FOR EACH ROW EXECUTE FUNCTION validate_sync_progress_totals();

CREATE TRIGGER sync_progress_log_status_change
    AFTER UPDATE OF status ON sync_progress
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION auto_log_sync_activity_on_progress_change();

COMMIT;
