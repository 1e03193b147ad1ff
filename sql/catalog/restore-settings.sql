-- Gives the session back the settings pin-settings.sql replaced.
-- $1 setting names, $2 their previous values.
SELECT set_config(r.name, r.value, false) AS restored
FROM unnest($1::text[], $2::text[]) AS r(name, value)
