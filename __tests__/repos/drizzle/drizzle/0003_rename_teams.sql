ALTER TABLE "teams" RENAME TO "workspaces";--> statement-breakpoint
ALTER TABLE "team_members" RENAME TO "workspace_members";--> statement-breakpoint
ALTER TABLE "workspace_members" RENAME COLUMN "team_id" TO "workspace_id";--> statement-breakpoint
ALTER TABLE "posts" RENAME COLUMN "team_id" TO "workspace_id";--> statement-breakpoint
ALTER TABLE "workspace_members" DROP CONSTRAINT "team_members_team_id_teams_id_fk";
--> statement-breakpoint
ALTER TABLE "workspace_members" ADD CONSTRAINT "workspace_members_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER INDEX "team_members_user_idx" RENAME TO "workspace_members_user_idx";--> statement-breakpoint
ALTER INDEX "posts_team_idx" RENAME TO "posts_workspace_idx";
