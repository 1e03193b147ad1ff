-- Edited by hand (`prisma migrate dev --create-only`): Prisma would drop and
-- re-create the table; a rename keeps the data. The lock is held until the
-- file's implicit transaction commits.
LOCK TABLE "Team", "Membership", "Project" IN ACCESS EXCLUSIVE MODE;

-- RenameTable
ALTER TABLE "Team" RENAME TO "Workspace";
ALTER TABLE "Workspace" RENAME CONSTRAINT "Team_pkey" TO "Workspace_pkey";

-- RenameColumn
ALTER TABLE "Membership" RENAME COLUMN "teamId" TO "workspaceId";
ALTER TABLE "Membership" RENAME CONSTRAINT "Membership_teamId_fkey" TO "Membership_workspaceId_fkey";
ALTER TABLE "Project" RENAME COLUMN "teamId" TO "workspaceId";
ALTER TABLE "Project" RENAME CONSTRAINT "Project_teamId_fkey" TO "Project_workspaceId_fkey";
ALTER INDEX "Project_teamId_idx" RENAME TO "Project_workspaceId_idx";

-- RenameColumn
ALTER TABLE "User" RENAME COLUMN "name" TO "fullName";
