-- Up Migration
CREATE TABLE activity_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "userId" integer REFERENCES users ON DELETE SET NULL,
  actor_role team_role,
  verb text NOT NULL,
  subject text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT current_timestamp
);
CREATE INDEX activity_log_user_id_index ON activity_log ("userId");

-- Stars never took off; ordering is by name now.
DROP TABLE board_stars;
DROP INDEX boards_position_index;
ALTER TABLE projects DROP COLUMN position;

-- Down Migration
ALTER TABLE projects ADD COLUMN position integer NOT NULL DEFAULT 0;
CREATE INDEX boards_position_index ON projects (team_id, position);
CREATE TABLE board_stars (
  board_id integer NOT NULL REFERENCES projects ON DELETE CASCADE,
  user_id integer NOT NULL REFERENCES users ON DELETE CASCADE,
  starred_at timestamptz NOT NULL DEFAULT current_timestamp,
  PRIMARY KEY (board_id, user_id)
);
CREATE INDEX board_stars_user_id_index ON board_stars (user_id);
DROP TABLE activity_log;
