-- Row-level security for the CRM tables (issue #4), and the new permissions granted to existing workspaces'
--> statement-breakpoint
-- built-in roles (new workspaces get them from builtin-roles.ts).
--> statement-breakpoint
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE customers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY customers_tenant ON customers
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE customer_fields ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE customer_fields FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY customer_fields_tenant ON customer_fields
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE policies ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE policies FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY policies_tenant ON policies
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE notes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY notes_tenant ON notes
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE saved_views ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE saved_views FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY saved_views_tenant ON saved_views
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE last_views ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE last_views FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY last_views_tenant ON last_views
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE bulk_jobs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE bulk_jobs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY bulk_jobs_tenant ON bulk_jobs
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE bulk_job_errors ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE bulk_job_errors FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY bulk_job_errors_tenant ON bulk_job_errors
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
UPDATE roles SET permissions = permissions || '{"customers:read":"all","customers:create":"all","customers:update":"all","customers:delete":"all","customers:merge":"all","customers:configure":"all","policies:read":"all","policies:create":"all","policies:update":"all","policies:delete":"all","notes:read":"all","notes:create":"all","notes:update":"all","notes:delete":"all","views:share":"all"}'::jsonb WHERE builtin AND key IN ('owner', 'admin');
--> statement-breakpoint
UPDATE roles SET permissions = permissions || '{"customers:read":"all","customers:create":"all","customers:update":"all","customers:delete":"all","customers:merge":"all","policies:read":"all","policies:create":"all","policies:update":"all","policies:delete":"all","notes:read":"all","notes:create":"all","notes:update":"own","notes:delete":"own","views:share":"all"}'::jsonb WHERE builtin AND key = 'manager';
--> statement-breakpoint
UPDATE roles SET permissions = permissions || '{"customers:read":"all","customers:create":"all","customers:update":"own","policies:read":"all","policies:create":"own","policies:update":"own","notes:read":"all","notes:create":"all","notes:update":"own","notes:delete":"own"}'::jsonb WHERE builtin AND key = 'agent';
--> statement-breakpoint
UPDATE roles SET permissions = permissions || '{"customers:read":"all","policies:read":"all","notes:read":"all"}'::jsonb WHERE builtin AND key = 'viewer';
