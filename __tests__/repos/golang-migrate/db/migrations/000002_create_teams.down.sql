DROP TABLE IF EXISTS team_memberships;
DROP TABLE IF EXISTS teams;
DROP TYPE IF EXISTS membership_role;
