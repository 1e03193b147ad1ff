-- =============================================================================
-- Baseline: production schema as of migration 0022
-- =============================================================================
-- Snapshot of the production database (Neon PostgreSQL 17.5) before the sync
-- work of migrations 0023 and 0024. It holds three groups of tables:
--
--   operational   customers, products, suppliers
--   analytics     ai_predictions, analytics_anomalies
--   integration   odoo_sync, woocommerce_sync
--
-- There is deliberately no organization table and no auth schema here: the
-- database was created before the multi-tenant foundation existed. Those live
-- in database/prerequisites/ and must be applied before migration 0024.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Operational tables
-- -----------------------------------------------------------------------------

CREATE TABLE suppliers (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            TEXT NOT NULL,
    contact_email   TEXT,
    phone           TEXT,
    country_code    CHAR(2),
    lead_time_days  INTEGER NOT NULL DEFAULT 7 CHECK (lead_time_days >= 0),
    is_active       BOOLEAN NOT NULL DEFAULT true,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT suppliers_name_key UNIQUE (name)
);

CREATE TABLE products (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku             TEXT NOT NULL,
    name            TEXT NOT NULL,
    description     TEXT,
    supplier_id     BIGINT REFERENCES suppliers(id) ON DELETE SET NULL,
    unit_price      NUMERIC(12,2) NOT NULL CHECK (unit_price >= 0),
    cost_price      NUMERIC(12,2) CHECK (cost_price >= 0),
    stock_quantity  INTEGER NOT NULL DEFAULT 0,
    reorder_level   INTEGER NOT NULL DEFAULT 0,
    is_active       BOOLEAN NOT NULL DEFAULT true,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT products_sku_key UNIQUE (sku)
);

CREATE INDEX idx_products_supplier_id ON products (supplier_id);
CREATE INDEX idx_products_low_stock ON products (stock_quantity)
    WHERE is_active AND stock_quantity <= reorder_level;

CREATE TABLE customers (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email           TEXT NOT NULL,
    first_name      TEXT,
    last_name       TEXT,
    company_name    TEXT,
    phone           TEXT,
    billing_address JSONB,
    shipping_address JSONB,
    segment         TEXT NOT NULL DEFAULT 'retail'
                    CHECK (segment IN ('retail', 'wholesale', 'vip')),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT customers_email_key UNIQUE (email)
);

CREATE INDEX idx_customers_segment ON customers (segment);

-- -----------------------------------------------------------------------------
-- Analytics tables
-- -----------------------------------------------------------------------------

CREATE TABLE ai_predictions (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id       BIGINT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    prediction_type  TEXT NOT NULL
                     CHECK (prediction_type IN ('demand', 'price', 'stockout')),
    model_version    TEXT NOT NULL,
    horizon_days     INTEGER NOT NULL CHECK (horizon_days > 0),
    predicted_value  NUMERIC(14,4) NOT NULL,
    confidence       NUMERIC(5,4) CHECK (confidence BETWEEN 0 AND 1),
    features         JSONB NOT NULL DEFAULT '{}'::jsonb,
    predicted_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX idx_ai_predictions_product_type
    ON ai_predictions (product_id, prediction_type, predicted_at DESC);

CREATE TABLE analytics_anomalies (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id       BIGINT REFERENCES products(id) ON DELETE SET NULL,
    customer_id      BIGINT REFERENCES customers(id) ON DELETE SET NULL,
    metric           TEXT NOT NULL,
    observed_value   NUMERIC(14,4) NOT NULL,
    expected_value   NUMERIC(14,4),
    severity         TEXT NOT NULL DEFAULT 'low'
                     CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    detected_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    resolved_at      TIMESTAMPTZ
);

CREATE INDEX idx_analytics_anomalies_product_id ON analytics_anomalies (product_id);
CREATE INDEX idx_analytics_anomalies_customer_id ON analytics_anomalies (customer_id);
CREATE INDEX idx_analytics_anomalies_open ON analytics_anomalies (detected_at DESC)
    WHERE resolved_at IS NULL;

-- -----------------------------------------------------------------------------
-- Integration tables (one mapping row per synced record)
-- -----------------------------------------------------------------------------

CREATE TABLE odoo_sync (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entity           TEXT NOT NULL
                     CHECK (entity IN ('customer', 'product', 'supplier')),
    local_id         BIGINT NOT NULL,
    odoo_id          INTEGER NOT NULL,
    odoo_model       TEXT NOT NULL,
    last_synced_at   TIMESTAMPTZ,
    sync_hash        TEXT,
    status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'synced', 'error')),
    last_error       TEXT,
    CONSTRAINT odoo_sync_entity_local_key UNIQUE (entity, local_id),
    CONSTRAINT odoo_sync_model_remote_key UNIQUE (odoo_model, odoo_id)
);

CREATE INDEX idx_odoo_sync_status ON odoo_sync (status) WHERE status <> 'synced';

CREATE TABLE woocommerce_sync (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id       BIGINT REFERENCES products(id) ON DELETE CASCADE,
    customer_id      BIGINT REFERENCES customers(id) ON DELETE CASCADE,
    woo_id           BIGINT NOT NULL,
    woo_resource     TEXT NOT NULL
                     CHECK (woo_resource IN ('product', 'customer', 'order')),
    last_synced_at   TIMESTAMPTZ,
    payload          JSONB,
    status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'synced', 'error')),
    CONSTRAINT woocommerce_sync_resource_key UNIQUE (woo_resource, woo_id),
    CONSTRAINT woocommerce_sync_one_target
        CHECK (num_nonnulls(product_id, customer_id) <= 1)
);

CREATE INDEX idx_woocommerce_sync_product_id ON woocommerce_sync (product_id);
CREATE INDEX idx_woocommerce_sync_customer_id ON woocommerce_sync (customer_id);
