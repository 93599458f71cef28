ALTER TABLE "import_records" DROP CONSTRAINT "import_records_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "import_records" DROP CONSTRAINT "import_records_workspace_id_import_id_import_jobs_workspace_id_id_fk";
