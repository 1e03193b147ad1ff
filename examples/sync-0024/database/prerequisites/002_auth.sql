-- =============================================================================
-- Prerequisite 002: auth schema (Supabase-style)
-- =============================================================================
-- Phase 2 of the 0024 remediation. Provides what the RLS policies of 0024 use:
--
--   auth.users_extended  maps each user to exactly one organization
--   auth.uid()           the current user's id, read from the JWT claim that
--                        PostgREST / Supabase puts in request.jwt.claim.sub
--
-- Requires 001_organization.sql.
-- =============================================================================

CREATE SCHEMA auth;

CREATE TABLE auth.users_extended (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id      UUID NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
    email       TEXT NOT NULL,
    full_name   TEXT,
    role        TEXT NOT NULL DEFAULT 'member'
                CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT users_extended_email_key UNIQUE (email),
    -- Target of tenant-consistency foreign keys ("this user belongs to that org").
    CONSTRAINT users_extended_id_org_key UNIQUE (id, org_id)
);

-- The RLS policies look users up by (id, org_id); the FK to organization needs
-- an index led by org_id for ON DELETE CASCADE.
CREATE INDEX idx_users_extended_org_id ON auth.users_extended (org_id);

CREATE FUNCTION auth.uid() RETURNS uuid
    LANGUAGE sql STABLE
AS $$
    SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid
$$;
