-- migration-gate prerequisite pack "supabase-auth": the part of Supabase's
-- platform schema that application migrations reference, for gating them on a
-- plain PostgreSQL. Use with --prerequisite pack:supabase-auth.
-- Definitions follow Supabase's own (auth.uid() etc. read the request's JWT
-- claims from settings); columns of auth.users are the commonly referenced ones.
-- Also Storage's tables and path functions (storage.buckets, storage.objects,
-- storage.foldername() …) and the supabase_realtime publication, which
-- Supabase's own starters use in migrations, Database Webhooks' trigger function,
-- and Vault's secrets.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN CREATE ROLE anon NOLOGIN NOINHERIT; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN CREATE ROLE authenticated NOLOGIN NOINHERIT; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'supabase_auth_admin') THEN CREATE ROLE supabase_auth_admin NOLOGIN NOINHERIT; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'supabase_admin') THEN CREATE ROLE supabase_admin NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'supabase_storage_admin') THEN CREATE ROLE supabase_storage_admin NOLOGIN NOINHERIT; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticator') THEN CREATE ROLE authenticator NOLOGIN NOINHERIT; END IF;
END
$$;

CREATE SCHEMA IF NOT EXISTS auth;
CREATE SCHEMA IF NOT EXISTS extensions;
-- Installed in every Supabase project, in the extensions schema (which the
-- CLI's role has on its search_path).
CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;

CREATE TABLE IF NOT EXISTS auth.users (
  instance_id uuid,
  id uuid PRIMARY KEY,
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255),
  recovery_token varchar(255),
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_super_admin boolean,
  created_at timestamptz,
  updated_at timestamptz,
  phone text UNIQUE,
  phone_confirmed_at timestamptz,
  banned_until timestamptz,
  deleted_at timestamptz,
  is_anonymous boolean NOT NULL DEFAULT false
);

CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

CREATE OR REPLACE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

CREATE OR REPLACE FUNCTION auth.email() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;

CREATE OR REPLACE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;

-- The API roles reach what migrations create in public, as on Supabase, where
-- default privileges grant them every table, sequence and function there:
-- a table without row level security in public is open to them.
GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon, authenticated, service_role;

-- Storage: buckets and the objects in them, with row level security on (a
-- bucket's access is its policies on storage.objects), and the functions that
-- split an object's path, which policies call. Each is made only where it is
-- missing: on a Supabase database (a --database-url target) the real ones
-- stay as they are, and their owner is not the gate's role.
CREATE SCHEMA IF NOT EXISTS storage;

DO $$
BEGIN
  IF to_regclass('storage.buckets') IS NULL THEN
    CREATE TABLE storage.buckets (
      id text PRIMARY KEY,
      name text NOT NULL UNIQUE,
      owner uuid,
      owner_id text,
      public boolean DEFAULT false,
      avif_autodetection boolean DEFAULT false,
      file_size_limit bigint,
      allowed_mime_types text[],
      created_at timestamptz DEFAULT now(),
      updated_at timestamptz DEFAULT now()
    );
    ALTER TABLE storage.buckets ENABLE ROW LEVEL SECURITY;
    GRANT ALL ON storage.buckets TO anon, authenticated, service_role;
  END IF;
  IF to_regclass('storage.objects') IS NULL THEN
    CREATE TABLE storage.objects (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      bucket_id text REFERENCES storage.buckets (id),
      name text,
      owner uuid,
      owner_id text,
      metadata jsonb,
      user_metadata jsonb,
      version text,
      path_tokens text[] GENERATED ALWAYS AS (string_to_array(name, '/')) STORED,
      created_at timestamptz DEFAULT now(),
      updated_at timestamptz DEFAULT now(),
      last_accessed_at timestamptz DEFAULT now(),
      UNIQUE (bucket_id, name)
    );
    ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;
    GRANT ALL ON storage.objects TO anon, authenticated, service_role;
  END IF;
  -- 'a/b/c.png': the folders {a,b}, the file name c.png, the extension png.
  IF to_regprocedure('storage.foldername(text)') IS NULL THEN
    CREATE FUNCTION storage.foldername(name text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $f$
      SELECT (string_to_array(name, '/'))[1:cardinality(string_to_array(name, '/')) - 1]
    $f$;
  END IF;
  IF to_regprocedure('storage.filename(text)') IS NULL THEN
    CREATE FUNCTION storage.filename(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
      SELECT (string_to_array(name, '/'))[cardinality(string_to_array(name, '/'))]
    $f$;
  END IF;
  IF to_regprocedure('storage.extension(text)') IS NULL THEN
    CREATE FUNCTION storage.extension(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
      SELECT CASE WHEN storage.filename(name) LIKE '%.%' THEN reverse(split_part(reverse(storage.filename(name)), '.', 1)) ELSE '' END
    $f$;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA storage TO anon, authenticated, service_role;

-- Realtime broadcasts the changes of the tables this publication lists:
-- `ALTER PUBLICATION supabase_realtime ADD TABLE …` in a migration.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'supabase_realtime') THEN
    CREATE PUBLICATION supabase_realtime;
  END IF;
END
$$;

-- Database Webhooks: the dashboard (and `supabase db diff` after it) writes
-- `CREATE TRIGGER … EXECUTE FUNCTION supabase_functions.http_request(url,
-- method, headers, params, timeout_ms)`. On Supabase the function queues the
-- request with pg_net; this stand-in checks its arguments the same way, builds
-- the same payload and records the hook in supabase_functions.hooks, and
-- sends nothing anywhere. Made only where missing, like Storage's.
CREATE SCHEMA IF NOT EXISTS supabase_functions;

DO $$
BEGIN
  IF to_regclass('supabase_functions.hooks') IS NULL THEN
    CREATE TABLE supabase_functions.hooks (
      id bigserial PRIMARY KEY,
      hook_table_id integer NOT NULL,
      hook_name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      request_id bigint
    );
  END IF;
  IF to_regprocedure('supabase_functions.http_request()') IS NULL THEN
    CREATE FUNCTION supabase_functions.http_request() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = supabase_functions AS $f$
    DECLARE
      target text := TG_ARGV[0];
      verb text := TG_ARGV[1];
      payload jsonb;
    BEGIN
      IF target IS NULL OR target = 'null' THEN RAISE EXCEPTION 'url argument is missing'; END IF;
      IF verb IS NULL OR verb = 'null' THEN RAISE EXCEPTION 'method argument is missing'; END IF;
      IF verb NOT IN ('GET', 'POST') THEN RAISE EXCEPTION 'method argument % is invalid', verb; END IF;
      -- Headers and params are JSON, the timeout a number of milliseconds: a typo fails here as it does there.
      PERFORM coalesce(nullif(TG_ARGV[2], 'null'), '{}')::jsonb, coalesce(nullif(TG_ARGV[3], 'null'), '{}')::jsonb,
        coalesce(nullif(TG_ARGV[4], 'null'), '1000')::integer;
      payload := jsonb_build_object('type', TG_OP, 'table', TG_TABLE_NAME, 'schema', TG_TABLE_SCHEMA,
        'record', CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END,
        'old_record', CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END);
      INSERT INTO supabase_functions.hooks (hook_table_id, hook_name) VALUES (TG_RELID, TG_NAME);
      RETURN coalesce(NEW, OLD);
    END
    $f$;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA supabase_functions TO anon, authenticated, service_role;

-- Vault (supabase_vault, in every project): where a migration keeps the
-- project URL and keys that its pg_cron jobs and pg_net calls read back
-- (`vault.create_secret(…)`, `vault.decrypted_secrets`). The stand-in keeps
-- the secret as given, unencrypted: the gate's database is thrown away after
-- the run, and nothing reads it but the migration. Made only where missing.
CREATE SCHEMA IF NOT EXISTS vault;

DO $$
BEGIN
  IF to_regclass('vault.secrets') IS NULL THEN
    CREATE TABLE vault.secrets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text,
      description text NOT NULL DEFAULT '',
      secret text NOT NULL,
      key_id uuid,
      nonce bytea,
      created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
      updated_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
    );
    CREATE UNIQUE INDEX secrets_name_idx ON vault.secrets (name) WHERE name IS NOT NULL;
    CREATE VIEW vault.decrypted_secrets AS
      SELECT id, name, description, secret, secret AS decrypted_secret, key_id, nonce, created_at, updated_at
      FROM vault.secrets;
    GRANT USAGE ON SCHEMA vault TO postgres, service_role;
  END IF;
  IF to_regprocedure('vault.create_secret(text, text, text, uuid)') IS NULL THEN
    CREATE FUNCTION vault.create_secret(
      new_secret text, new_name text DEFAULT NULL, new_description text DEFAULT '', new_key_id uuid DEFAULT NULL
    ) RETURNS uuid LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $f$
      INSERT INTO vault.secrets (secret, name, description, key_id)
      VALUES (new_secret, new_name, new_description, new_key_id)
      RETURNING id
    $f$;
  END IF;
  IF to_regprocedure('vault.update_secret(uuid, text, text, text, uuid)') IS NULL THEN
    CREATE FUNCTION vault.update_secret(
      secret_id uuid, new_secret text DEFAULT NULL, new_name text DEFAULT NULL,
      new_description text DEFAULT NULL, new_key_id uuid DEFAULT NULL
    ) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $f$
      UPDATE vault.secrets SET
        secret = coalesce(new_secret, secret),
        name = coalesce(new_name, name),
        description = coalesce(new_description, description),
        key_id = coalesce(new_key_id, key_id),
        updated_at = CURRENT_TIMESTAMP
      WHERE id = secret_id
    $f$;
  END IF;
END
$$;
