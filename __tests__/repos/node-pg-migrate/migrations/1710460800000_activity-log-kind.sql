-- Up Migration
ALTER TABLE activity_log ADD COLUMN source text NOT NULL DEFAULT 'web';
ALTER TABLE activity_log ADD CONSTRAINT activity_log_source_check CHECK (source IN ('web', 'api', 'system'));

-- Down Migration
ALTER TABLE activity_log DROP COLUMN source;
