-- =============================================================================
-- Migration 0023: sync infrastructure
-- =============================================================================
-- Registry of the external systems we synchronise with and their settings.
-- Not org-scoped: connectors are configured once per deployment.
--
--   sync_connector   one row per external system (odoo, woocommerce)
--   sync_config      key/value settings per connector
--   set_updated_at() generic BEFORE UPDATE trigger function
--
-- Migration 0024 validates sync_progress.connector against sync_connector.code.
-- =============================================================================

BEGIN;

CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TABLE sync_connector (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    code          TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    base_url      TEXT,
    is_enabled    BOOLEAN NOT NULL DEFAULT true,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT sync_connector_code_key UNIQUE (code),
    CONSTRAINT sync_connector_code_format CHECK (code ~ '^[a-z][a-z0-9_]*$')
);

CREATE TABLE sync_config (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    connector_id  UUID NOT NULL REFERENCES sync_connector(id) ON DELETE CASCADE,
    config_key    TEXT NOT NULL,
    config_value  JSONB NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Also serves as the index for the foreign key (connector_id leads).
    CONSTRAINT sync_config_connector_key UNIQUE (connector_id, config_key)
);

CREATE TRIGGER sync_connector_set_updated_at
    BEFORE UPDATE ON sync_connector
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER sync_config_set_updated_at
    BEFORE UPDATE ON sync_config
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

INSERT INTO sync_connector (code, display_name, base_url) VALUES
    ('odoo',        'Odoo ERP',    'https://erp.example.com'),
    ('woocommerce', 'WooCommerce', 'https://shop.example.com/wp-json/wc/v3');

INSERT INTO sync_config (connector_id, config_key, config_value)
SELECT c.id, v.config_key, v.config_value
FROM sync_connector c
JOIN (VALUES
    ('odoo',        'batch_size',          '200'::jsonb),
    ('odoo',        'preview_ttl_minutes', '30'::jsonb),
    ('woocommerce', 'batch_size',          '100'::jsonb),
    ('woocommerce', 'preview_ttl_minutes', '15'::jsonb)
) AS v(code, config_key, config_value) ON v.code = c.code;

COMMIT;
