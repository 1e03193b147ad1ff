-- migration-gate's stand-in for pg_net: the functions a migration or a
-- trigger calls (net.http_get, net.http_post, net.http_delete) check their
-- arguments as pg_net's do and queue the request in net.http_request_queue,
-- where nothing ever sends it.
\echo Use "CREATE EXTENSION pg_net" to load this file. \quit

CREATE SCHEMA net;

CREATE TYPE net.request_status AS ENUM ('PENDING', 'SUCCESS', 'ERROR');
CREATE TYPE net.http_response AS (status_code integer, headers jsonb, body text);
CREATE TYPE net.http_response_result AS (status net.request_status, message text, response net.http_response);

CREATE UNLOGGED TABLE net.http_request_queue (
  id bigserial NOT NULL,
  method text NOT NULL,
  url text NOT NULL,
  headers jsonb NOT NULL,
  body bytea,
  timeout_milliseconds integer NOT NULL
);

CREATE UNLOGGED TABLE net._http_response (
  id bigint,
  status_code integer,
  content_type text,
  headers jsonb,
  content text,
  timed_out boolean,
  error_msg text,
  created timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION net.migration_gate_queue(
  method text, url text, params jsonb, headers jsonb, body bytea, timeout_milliseconds integer
) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  query text;
  id bigint;
BEGIN
  -- As pg_net builds the query string: every key and value of params, which must be an object.
  SELECT string_agg(key || '=' || value, '&') INTO query FROM jsonb_each_text(params);
  PERFORM jsonb_each_text(headers);
  INSERT INTO net.http_request_queue (method, url, headers, body, timeout_milliseconds)
  VALUES ($1, CASE WHEN query IS NULL THEN $2 ELSE $2 || '?' || query END, $4, $5, $6)
  RETURNING net.http_request_queue.id INTO id;
  RETURN id;
END
$$;

CREATE FUNCTION net.http_get(
  url text, params jsonb DEFAULT '{}', headers jsonb DEFAULT '{}', timeout_milliseconds integer DEFAULT 5000
) RETURNS bigint
LANGUAGE sql STRICT VOLATILE AS $$
  SELECT net.migration_gate_queue('GET', url, params, headers, NULL, timeout_milliseconds)
$$;

CREATE FUNCTION net.http_post(
  url text, body jsonb DEFAULT '{}', params jsonb DEFAULT '{}',
  headers jsonb DEFAULT '{"Content-Type": "application/json"}', timeout_milliseconds integer DEFAULT 5000
) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF url IS NULL THEN
    RAISE EXCEPTION 'url must not be null' USING ERRCODE = '22004';
  END IF;
  RETURN net.migration_gate_queue('POST', url, coalesce(params, '{}'), coalesce(headers, '{}'),
    convert_to(coalesce(body, '{}')::text, 'UTF8'), timeout_milliseconds);
END
$$;

CREATE FUNCTION net.http_delete(
  url text, params jsonb DEFAULT '{}', headers jsonb DEFAULT '{}', timeout_milliseconds integer DEFAULT 5000
) RETURNS bigint
LANGUAGE sql STRICT VOLATILE AS $$
  SELECT net.migration_gate_queue('DELETE', url, params, headers, NULL, timeout_milliseconds)
$$;

CREATE FUNCTION net.http_collect_response(request_id bigint, async boolean DEFAULT true)
RETURNS net.http_response_result
LANGUAGE sql AS $$
  SELECT ROW('PENDING', 'request never sent: migration-gate stand-in', NULL)::net.http_response_result
$$;
