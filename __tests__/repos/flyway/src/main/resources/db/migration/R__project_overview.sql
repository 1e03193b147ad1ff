-- Re-applied by Flyway whenever this file changes.
CREATE OR REPLACE VIEW project_overview AS
SELECT p.id,
       p.code,
       p.name,
       d.name AS department,
       (SELECT count(*) FROM team_members tm WHERE tm.department_id = d.id) AS department_size,
       p.created_at
FROM projects p
JOIN departments d ON d.id = p.department_id;
