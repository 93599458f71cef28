-- Row-level security for the data in/out tables (issue #6) and the permissions imports:run and exports:schedule.
--> statement-breakpoint
ALTER TABLE import_jobs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE import_jobs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY import_jobs_tenant ON import_jobs
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE import_errors ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE import_errors FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY import_errors_tenant ON import_errors
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE import_records ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE import_records FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY import_records_tenant ON import_records
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE import_templates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE import_templates FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY import_templates_tenant ON import_templates
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE export_jobs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE export_jobs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY export_jobs_tenant ON export_jobs
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE scheduled_exports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE scheduled_exports FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY scheduled_exports_tenant ON scheduled_exports
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE scheduled_export_runs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE scheduled_export_runs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY scheduled_export_runs_tenant ON scheduled_export_runs
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE workspace_deletions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workspace_deletions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY workspace_deletions_tenant ON workspace_deletions
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
UPDATE roles SET permissions = permissions || '{"imports:run":"all","exports:schedule":"all"}'::jsonb WHERE builtin AND key IN ('owner', 'admin', 'manager');
