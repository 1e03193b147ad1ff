-- Gives the session back the search_path it had before the snapshot. $1 the
-- value pin-search-path.sql returned.
SELECT set_config('search_path', $1, false) AS restored
