DROP TABLE IF EXISTS project_watchers;
DROP TABLE IF EXISTS projects;
