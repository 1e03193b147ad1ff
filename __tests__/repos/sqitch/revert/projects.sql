-- Revert teamwork:projects from pg

BEGIN;

DROP TABLE project_attachments;
DROP TABLE projects;

COMMIT;
