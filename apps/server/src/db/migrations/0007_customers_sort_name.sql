DROP INDEX "customers_workspace_name_idx";--> statement-breakpoint
DROP INDEX "customers_workspace_owner_name_idx";--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "sort_name" text GENERATED ALWAYS AS (lower(name)) STORED;