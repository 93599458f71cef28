ALTER TABLE "customers" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "import_id" uuid;