-- Written with `atlas migrate new`: Atlas's diff would drop "teams" and
-- create "groups", losing every row.
ALTER TABLE "teams" RENAME TO "groups";
ALTER TABLE "team_members" RENAME TO "group_members";
ALTER TABLE "group_members" RENAME COLUMN "team_id" TO "group_id";
ALTER TABLE "projects" RENAME COLUMN "team_id" TO "group_id";
ALTER INDEX "teams_slug_key" RENAME TO "groups_slug_key";
ALTER INDEX "projects_team_id_idx" RENAME TO "projects_group_id_idx";
ALTER TYPE "team_role" RENAME TO "group_role";
