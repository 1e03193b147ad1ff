-- Verify teamwork:projects on pg

BEGIN;

SELECT id, team_id, name, priority, created_at FROM projects WHERE false;
SELECT id, project_id, file_name, byte_size FROM project_attachments WHERE false;

ROLLBACK;
