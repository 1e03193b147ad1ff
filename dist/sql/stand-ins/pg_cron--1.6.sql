-- migration-gate's stand-in for pg_cron: what a migration calls and reads
-- (cron.schedule, cron.unschedule, cron.alter_job, cron.job) behaves as
-- pg_cron's does, and nothing is ever run. An unschedule of a job no
-- migration scheduled is recorded instead of raised: pg_cron raises unless
-- the job exists on the server, which may have it from elsewhere.
\echo Use "CREATE EXTENSION pg_cron" to load this file. \quit

CREATE SCHEMA cron;

CREATE TABLE cron.job (
  jobid bigserial PRIMARY KEY,
  schedule text NOT NULL,
  command text NOT NULL,
  nodename text NOT NULL DEFAULT 'localhost',
  nodeport integer NOT NULL DEFAULT coalesce(inet_server_port(), 5432),
  database text NOT NULL DEFAULT current_database(),
  username text NOT NULL DEFAULT current_user,
  active boolean NOT NULL DEFAULT true,
  jobname text,
  CONSTRAINT jobname_username_uniq UNIQUE (jobname, username)
);

CREATE TABLE cron.job_run_details (
  jobid bigint,
  runid bigserial PRIMARY KEY,
  job_pid integer,
  database text,
  username text,
  command text,
  status text,
  return_message text,
  start_time timestamptz,
  end_time timestamptz
);

CREATE TABLE cron.migration_gate_unknown (
  job text NOT NULL,
  call text NOT NULL
);

CREATE FUNCTION cron.migration_gate_check_schedule(schedule text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF schedule IS NULL OR NOT (
    schedule ~* '^\s*@(yearly|annually|monthly|weekly|daily|hourly|reboot)\s*$'
    OR schedule ~* '^\s*([1-9]|[1-5][0-9])\s+seconds?\s*$'
    OR schedule ~ '^\s*[0-9A-Za-z*/,$-]+(\s+[0-9A-Za-z*/,$-]+){4}\s*$'
  ) THEN
    RAISE EXCEPTION 'invalid schedule: %', schedule
      USING ERRCODE = '22023',
            HINT = 'Use a cron schedule of five fields, @hourly/@daily/@weekly/@monthly/@yearly, or ''N seconds'' (1 to 59).';
  END IF;
END
$$;

CREATE FUNCTION cron.schedule_in_database(
  job_name text, schedule text, command text, database text,
  username text DEFAULT NULL, active boolean DEFAULT true
) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  id bigint;
  who text := coalesce(username, current_user);
BEGIN
  PERFORM cron.migration_gate_check_schedule(schedule);
  IF command IS NULL THEN
    RAISE EXCEPTION 'command cannot be NULL' USING ERRCODE = '22004';
  END IF;
  IF job_name IS NOT NULL THEN
    UPDATE cron.job j SET schedule = $2, command = $3, database = $4, active = $6
    WHERE j.jobname = job_name AND j.username = who RETURNING j.jobid INTO id;
  END IF;
  IF id IS NULL THEN
    INSERT INTO cron.job (schedule, command, database, username, active, jobname)
    VALUES ($2, $3, $4, who, $6, job_name) RETURNING jobid INTO id;
  END IF;
  RETURN id;
END
$$;

CREATE FUNCTION cron.schedule(job_name text, schedule text, command text) RETURNS bigint
LANGUAGE sql AS $$ SELECT cron.schedule_in_database(job_name, schedule, command, current_database()) $$;

CREATE FUNCTION cron.schedule(schedule text, command text) RETURNS bigint
LANGUAGE sql AS $$ SELECT cron.schedule_in_database(NULL, schedule, command, current_database()) $$;

CREATE FUNCTION cron.unschedule(job_name text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM cron.job j WHERE j.jobname = job_name AND j.username = current_user;
  IF NOT FOUND THEN
    INSERT INTO cron.migration_gate_unknown (job, call) VALUES (job_name, 'cron.unschedule');
    RETURN false;
  END IF;
  RETURN true;
END
$$;

CREATE FUNCTION cron.unschedule(job_id bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM cron.job j WHERE j.jobid = job_id;
  IF NOT FOUND THEN
    INSERT INTO cron.migration_gate_unknown (job, call) VALUES (job_id::text, 'cron.unschedule');
    RETURN false;
  END IF;
  RETURN true;
END
$$;

CREATE FUNCTION cron.alter_job(
  job_id bigint, schedule text DEFAULT NULL, command text DEFAULT NULL,
  database text DEFAULT NULL, username text DEFAULT NULL, active boolean DEFAULT NULL
) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF schedule IS NOT NULL THEN
    PERFORM cron.migration_gate_check_schedule(schedule);
  END IF;
  UPDATE cron.job j SET
    schedule = coalesce($2, j.schedule),
    command = coalesce($3, j.command),
    database = coalesce($4, j.database),
    username = coalesce($5, j.username),
    active = coalesce($6, j.active)
  WHERE j.jobid = job_id;
  IF NOT FOUND THEN
    INSERT INTO cron.migration_gate_unknown (job, call) VALUES (job_id::text, 'cron.alter_job');
  END IF;
END
$$;
