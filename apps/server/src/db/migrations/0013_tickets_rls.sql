-- Row-level security for the tickets tables (issue #5); default pipeline and SLA settings for existing workspaces;
--> statement-breakpoint
-- the new permissions granted to existing workspaces' built-in roles (new workspaces get them from builtin-roles.ts).
--> statement-breakpoint
ALTER TABLE pipelines ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pipelines FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY pipelines_tenant ON pipelines
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE pipeline_stages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pipeline_stages FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY pipeline_stages_tenant ON pipeline_stages
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE ticket_settings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ticket_settings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_settings_tenant ON ticket_settings
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE tickets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tickets FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tickets_tenant ON tickets
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE ticket_transitions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ticket_transitions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_transitions_tenant ON ticket_transitions
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE ticket_messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ticket_messages FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_messages_tenant ON ticket_messages
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE ticket_attachments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ticket_attachments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_attachments_tenant ON ticket_attachments
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE drafts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE drafts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY drafts_tenant ON drafts
  USING (workspace_id = app_workspace_id() AND user_id = app_user_id()) WITH CHECK (workspace_id = app_workspace_id() AND user_id = app_user_id());
--> statement-breakpoint
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY notifications_tenant ON notifications
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
ALTER TABLE notification_preferences ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE notification_preferences FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY notification_preferences_tenant ON notification_preferences
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id() AND user_id = app_user_id());
--> statement-breakpoint
INSERT INTO ticket_settings (workspace_id, sla_minutes)
SELECT id, '{"urgent":240,"high":1440,"normal":4320,"low":10080}'::jsonb FROM workspaces ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO pipelines (workspace_id, name, is_default) SELECT id, 'Support', true FROM workspaces w
WHERE NOT EXISTS (SELECT 1 FROM pipelines p WHERE p.workspace_id = w.id);
--> statement-breakpoint
INSERT INTO pipeline_stages (workspace_id, pipeline_id, name, category, position)
SELECT p.workspace_id, p.id, s.name, s.category, s.position FROM pipelines p
CROSS JOIN (VALUES ('New', 'open', 0), ('In Progress', 'open', 1), ('Waiting', 'waiting', 2), ('Completed', 'done', 3)) AS s(name, category, position)
WHERE p.is_default AND NOT EXISTS (SELECT 1 FROM pipeline_stages x WHERE x.workspace_id = p.workspace_id AND x.pipeline_id = p.id);
--> statement-breakpoint
UPDATE roles SET permissions = permissions || '{"tickets:read":"all","tickets:create":"all","tickets:update":"all","tickets:assign":"all","tickets:configure":"all"}'::jsonb WHERE builtin AND key IN ('owner', 'admin');
--> statement-breakpoint
UPDATE roles SET permissions = permissions || '{"tickets:read":"all","tickets:create":"all","tickets:update":"all","tickets:assign":"all"}'::jsonb WHERE builtin AND key = 'manager';
--> statement-breakpoint
UPDATE roles SET permissions = permissions || '{"tickets:read":"all","tickets:create":"all","tickets:update":"all","tickets:assign":"own"}'::jsonb WHERE builtin AND key = 'agent';
--> statement-breakpoint
UPDATE roles SET permissions = permissions || '{"tickets:read":"all"}'::jsonb WHERE builtin AND key = 'viewer';
