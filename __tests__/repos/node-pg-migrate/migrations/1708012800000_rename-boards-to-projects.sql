-- Up Migration
-- node-pg-migrate runs pending migrations inside one transaction, which the
-- lock needs.
LOCK TABLE boards IN SHARE ROW EXCLUSIVE MODE;
ALTER TABLE boards RENAME TO projects;
ALTER TABLE projects RENAME COLUMN title TO name;
ALTER INDEX boards_team_id_index RENAME TO projects_team_id_index;

-- Down Migration
LOCK TABLE projects IN SHARE ROW EXCLUSIVE MODE;
ALTER INDEX projects_team_id_index RENAME TO boards_team_id_index;
ALTER TABLE projects RENAME COLUMN name TO title;
ALTER TABLE projects RENAME TO boards;
