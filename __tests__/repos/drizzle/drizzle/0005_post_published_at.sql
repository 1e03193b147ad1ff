DROP INDEX "posts_status_idx";--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "published_at" timestamp;--> statement-breakpoint
UPDATE "posts" SET "published_at" = now() WHERE "status" = 'published';--> statement-breakpoint
ALTER TABLE "posts" DROP COLUMN "status";
