-- Up Migration
CREATE TABLE boards (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id integer NOT NULL REFERENCES teams ON DELETE CASCADE,
  title text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT current_timestamp
);
CREATE INDEX boards_team_id_index ON boards (team_id);
CREATE INDEX boards_position_index ON boards (team_id, position);

CREATE TABLE board_stars (
  board_id integer NOT NULL REFERENCES boards ON DELETE CASCADE,
  user_id integer NOT NULL REFERENCES users ON DELETE CASCADE,
  starred_at timestamptz NOT NULL DEFAULT current_timestamp,
  PRIMARY KEY (board_id, user_id)
);
CREATE INDEX board_stars_user_id_index ON board_stars (user_id);

-- Down Migration
DROP TABLE board_stars;
DROP TABLE boards;
