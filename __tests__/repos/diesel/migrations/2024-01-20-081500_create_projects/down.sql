DROP TABLE project_notes;
DROP TABLE projects;
