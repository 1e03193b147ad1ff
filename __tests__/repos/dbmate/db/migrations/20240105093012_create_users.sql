-- migrate:up
CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  username text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_email_key UNIQUE (email)
);

CREATE FUNCTION refresh_updated_at() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  NEW.updated_at := clock_timestamp();
  RETURN NEW;
END
$$;

CREATE TRIGGER users_refresh_updated_at BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION refresh_updated_at();

-- migrate:down
DROP TRIGGER users_refresh_updated_at ON users;
DROP FUNCTION refresh_updated_at();
DROP TABLE users;
