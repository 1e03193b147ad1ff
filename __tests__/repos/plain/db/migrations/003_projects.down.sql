BEGIN;
DROP TABLE project_tags;
DROP TABLE projects;
COMMIT;
