-- Row-level security for the access tables and the audit log (decision 003). Every table with a workspace_id
-- gets RLS ENABLEd and FORCEd, and a policy on app_workspace_id(). Two narrow additions let a signed-in user
-- read their own memberships (and those memberships' roles) across workspaces, for "my workspaces" and /me.

ALTER TABLE roles ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE roles FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY roles_tenant ON roles
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY memberships_tenant ON memberships
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
CREATE POLICY memberships_own_read ON memberships FOR SELECT
  USING (user_id = app_user_id());
--> statement-breakpoint
CREATE POLICY roles_of_own_memberships_read ON roles FOR SELECT
  USING (EXISTS (SELECT 1 FROM memberships m
                  WHERE m.workspace_id = roles.workspace_id AND m.role_id = roles.id AND m.user_id = app_user_id()));
--> statement-breakpoint
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY invitations_tenant ON invitations
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE workspace_feature_flags ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workspace_feature_flags FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY workspace_feature_flags_tenant ON workspace_feature_flags
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_log_tenant ON audit_log
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
-- Append-only for the app role.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM grip_app;
--> statement-breakpoint
-- Built-in feature flags (global defaults; workspaces override).
INSERT INTO feature_flags (key, description, default_enabled) VALUES
  ('portal', 'Customer portal for this workspace', true),
  ('kyc', 'Identity verification (KYC) in the portal', false),
  ('sales', 'Configurations, quotes and orders', true),
  ('imports', 'Import wizard', true)
ON CONFLICT (key) DO NOTHING;
--> statement-breakpoint
-- A member reads their workspaces' flag overrides for /me (writes stay tenant-scoped).
CREATE POLICY workspace_feature_flags_member_read ON workspace_feature_flags FOR SELECT
  USING (EXISTS (SELECT 1 FROM memberships m WHERE m.workspace_id = workspace_feature_flags.workspace_id AND m.user_id = app_user_id()));
