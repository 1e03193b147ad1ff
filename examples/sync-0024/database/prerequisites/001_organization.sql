-- =============================================================================
-- Prerequisite 001: organization (multi-tenant root)
-- =============================================================================
-- Phase 1 of the 0024 remediation. Every org-scoped table (sync_preview_cache,
-- sync_progress, sync_activity_log) points its org_id here.
-- =============================================================================

CREATE TABLE organization (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name        TEXT NOT NULL,
    slug        TEXT NOT NULL,
    plan        TEXT NOT NULL DEFAULT 'starter'
                CHECK (plan IN ('starter', 'growth', 'enterprise')),
    is_active   BOOLEAN NOT NULL DEFAULT true,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT organization_slug_key UNIQUE (slug),
    CONSTRAINT organization_slug_format CHECK (slug ~ '^[a-z0-9][a-z0-9-]*$')
);
