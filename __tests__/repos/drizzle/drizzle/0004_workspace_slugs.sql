-- Custom SQL migration file, put your code below! --
ALTER TABLE "workspaces" ADD COLUMN "slug" text;--> statement-breakpoint
UPDATE "workspaces" SET "slug" = lower(regexp_replace("name", '[^a-zA-Z0-9]+', '-', 'g')) || '-' || "id";--> statement-breakpoint
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "workspaces" WHERE "slug" IS NULL) THEN
    RAISE EXCEPTION 'workspaces without a slug remain';
  END IF;
END
$$;--> statement-breakpoint
ALTER TABLE "workspaces" ALTER COLUMN "slug" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "workspaces_slug_idx" ON "workspaces" USING btree ("slug");
