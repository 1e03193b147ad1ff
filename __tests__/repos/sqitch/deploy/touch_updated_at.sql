-- Deploy teamwork:touch_updated_at to pg
-- requires: touch_updated_at@v1.0

BEGIN;

-- An UPDATE that changes nothing keeps its updated_at.
CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW IS DISTINCT FROM OLD THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$$;

COMMIT;
