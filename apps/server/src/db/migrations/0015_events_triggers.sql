-- The events outbox (issue #7): row-level security, and triggers that write an event for every change others
-- should see, in the same transaction as the change. Statement-level triggers with transition tables: a statement
-- touching more than 200 rows writes one `bulk` event per workspace instead of one per row (clients refetch).
-- An AFTER INSERT trigger on events sends NOTIFY grip_events '<workspace>:<first id>:<last id>' (delivered at commit).
--> statement-breakpoint
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY events_tenant ON events
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
--> statement-breakpoint
CREATE OR REPLACE FUNCTION grip_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('grip_events', workspace_id::text || ':' || min(id) || ':' || max(id)) FROM inserted GROUP BY workspace_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER events_notify AFTER INSERT ON events REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION grip_events_notify();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION grip_events_customers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  change_op text := CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END;
BEGIN
  IF (SELECT count(*) FROM changed) > 200 THEN
    INSERT INTO events (workspace_id, entity, op, data)
    SELECT workspace_id, 'customer', 'bulk', jsonb_build_object('count', count(*), 'change', change_op) FROM changed GROUP BY workspace_id;
  ELSE
    INSERT INTO events (workspace_id, entity, op, entity_id, customer_id, owner_id, user_id, internal, data)
    SELECT x.workspace_id, 'customer', change_op, x.id, x.id, x.owner_id, NULL::uuid, false, jsonb_build_object('id', x.id, 'name', x.name, 'email', x.email, 'status', x.status, 'ownerId', x.owner_id, 'version', x.version, 'deletedAt', x.deleted_at, 'updatedAt', x.updated_at) FROM changed x ;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER customers_events_insert AFTER INSERT ON customers REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_customers();
--> statement-breakpoint
-- Updates also name the previous owner_id: a person with scope own must learn that a record left them.
CREATE OR REPLACE FUNCTION grip_events_customers_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count(*) FROM changed) > 200 THEN
    INSERT INTO events (workspace_id, entity, op, data)
    SELECT workspace_id, 'customer', 'bulk', jsonb_build_object('count', count(*), 'change', 'updated') FROM changed GROUP BY workspace_id;
    RETURN NULL;
  END IF;
  INSERT INTO events (workspace_id, entity, op, entity_id, customer_id, owner_id, data)
  SELECT e.workspace_id, e.entity, e.op, e.entity_id, e.customer_id, e.owner_id,
         e.data || jsonb_build_object('previousOwnerId', o.owner_id)
    FROM (SELECT x.workspace_id, 'customer'::text AS entity, 'updated'::text AS op, x.id AS entity_id,
                 x.id AS customer_id, x.owner_id AS owner_id, jsonb_build_object('id', x.id, 'name', x.name, 'email', x.email, 'status', x.status, 'ownerId', x.owner_id, 'version', x.version, 'deletedAt', x.deleted_at, 'updatedAt', x.updated_at) AS data
            FROM changed x) e
    JOIN previous o ON o.workspace_id = e.workspace_id AND o.id = e.entity_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER customers_events_update AFTER UPDATE ON customers REFERENCING OLD TABLE AS previous NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_customers_update();
--> statement-breakpoint
CREATE TRIGGER customers_events_delete AFTER DELETE ON customers REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_customers();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION grip_events_policies() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  change_op text := CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END;
BEGIN
  IF (SELECT count(*) FROM changed) > 200 THEN
    INSERT INTO events (workspace_id, entity, op, data)
    SELECT workspace_id, 'policy', 'bulk', jsonb_build_object('count', count(*), 'change', change_op) FROM changed GROUP BY workspace_id;
  ELSE
    INSERT INTO events (workspace_id, entity, op, entity_id, customer_id, owner_id, user_id, internal, data)
    SELECT x.workspace_id, 'policy', change_op, x.id, x.customer_id, c.owner_id, NULL::uuid, false, jsonb_build_object('id', x.id, 'customerId', x.customer_id, 'number', x.number, 'status', x.status, 'version', x.version) FROM changed x LEFT JOIN customers c ON c.workspace_id = x.workspace_id AND c.id = x.customer_id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER policies_events_insert AFTER INSERT ON policies REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_policies();
--> statement-breakpoint
CREATE TRIGGER policies_events_update AFTER UPDATE ON policies REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_policies();
--> statement-breakpoint
CREATE TRIGGER policies_events_delete AFTER DELETE ON policies REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_policies();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION grip_events_notes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  change_op text := CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END;
BEGIN
  IF (SELECT count(*) FROM changed) > 200 THEN
    INSERT INTO events (workspace_id, entity, op, data)
    SELECT workspace_id, 'note', 'bulk', jsonb_build_object('count', count(*), 'change', change_op) FROM changed GROUP BY workspace_id;
  ELSE
    INSERT INTO events (workspace_id, entity, op, entity_id, customer_id, owner_id, user_id, internal, data)
    SELECT x.workspace_id, 'note', change_op, x.id, x.customer_id, c.owner_id, NULL::uuid, false, jsonb_build_object('id', x.id, 'customerId', x.customer_id) FROM changed x LEFT JOIN customers c ON c.workspace_id = x.workspace_id AND c.id = x.customer_id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER notes_events_insert AFTER INSERT ON notes REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_notes();
--> statement-breakpoint
CREATE TRIGGER notes_events_update AFTER UPDATE ON notes REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_notes();
--> statement-breakpoint
CREATE TRIGGER notes_events_delete AFTER DELETE ON notes REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_notes();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION grip_events_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  change_op text := CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END;
BEGIN
  IF (SELECT count(*) FROM changed) > 200 THEN
    INSERT INTO events (workspace_id, entity, op, data)
    SELECT workspace_id, 'ticket', 'bulk', jsonb_build_object('count', count(*), 'change', change_op) FROM changed GROUP BY workspace_id;
  ELSE
    INSERT INTO events (workspace_id, entity, op, entity_id, customer_id, owner_id, user_id, internal, data)
    SELECT x.workspace_id, 'ticket', change_op, x.id, x.customer_id, x.assignee_id, NULL::uuid, false, jsonb_build_object('id', x.id, 'number', x.number, 'title', x.title, 'stageId', x.stage_id, 'pipelineId', x.pipeline_id, 'priority', x.priority, 'assigneeId', x.assignee_id, 'dueAt', x.due_at, 'overdue', x.overdue, 'completedAt', x.completed_at, 'version', x.version, 'customerId', x.customer_id, 'updatedAt', x.updated_at) FROM changed x ;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tickets_events_insert AFTER INSERT ON tickets REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_tickets();
--> statement-breakpoint
-- Updates also name the previous assignee_id: a person with scope own must learn that a record left them.
CREATE OR REPLACE FUNCTION grip_events_tickets_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count(*) FROM changed) > 200 THEN
    INSERT INTO events (workspace_id, entity, op, data)
    SELECT workspace_id, 'ticket', 'bulk', jsonb_build_object('count', count(*), 'change', 'updated') FROM changed GROUP BY workspace_id;
    RETURN NULL;
  END IF;
  INSERT INTO events (workspace_id, entity, op, entity_id, customer_id, owner_id, data)
  SELECT e.workspace_id, e.entity, e.op, e.entity_id, e.customer_id, e.owner_id,
         e.data || jsonb_build_object('previousOwnerId', o.assignee_id)
    FROM (SELECT x.workspace_id, 'ticket'::text AS entity, 'updated'::text AS op, x.id AS entity_id,
                 x.customer_id AS customer_id, x.assignee_id AS owner_id, jsonb_build_object('id', x.id, 'number', x.number, 'title', x.title, 'stageId', x.stage_id, 'pipelineId', x.pipeline_id, 'priority', x.priority, 'assigneeId', x.assignee_id, 'dueAt', x.due_at, 'overdue', x.overdue, 'completedAt', x.completed_at, 'version', x.version, 'customerId', x.customer_id, 'updatedAt', x.updated_at) AS data
            FROM changed x) e
    JOIN previous o ON o.workspace_id = e.workspace_id AND o.id = e.entity_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tickets_events_update AFTER UPDATE ON tickets REFERENCING OLD TABLE AS previous NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_tickets_update();
--> statement-breakpoint
CREATE TRIGGER tickets_events_delete AFTER DELETE ON tickets REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_tickets();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION grip_events_ticket_messages() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  change_op text := CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END;
BEGIN
  IF (SELECT count(*) FROM changed) > 200 THEN
    INSERT INTO events (workspace_id, entity, op, data)
    SELECT workspace_id, 'ticket_message', 'bulk', jsonb_build_object('count', count(*), 'change', change_op) FROM changed GROUP BY workspace_id;
  ELSE
    INSERT INTO events (workspace_id, entity, op, entity_id, customer_id, owner_id, user_id, internal, data)
    SELECT x.workspace_id, 'ticket_message', change_op, x.id, t.customer_id, t.assignee_id, NULL::uuid, x.internal, jsonb_build_object('id', x.id, 'ticketId', x.ticket_id, 'internal', x.internal) FROM changed x LEFT JOIN tickets t ON t.workspace_id = x.workspace_id AND t.id = x.ticket_id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER ticket_messages_events_insert AFTER INSERT ON ticket_messages REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_ticket_messages();
--> statement-breakpoint
CREATE TRIGGER ticket_messages_events_update AFTER UPDATE ON ticket_messages REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_ticket_messages();
--> statement-breakpoint
CREATE TRIGGER ticket_messages_events_delete AFTER DELETE ON ticket_messages REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_ticket_messages();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION grip_events_pipelines() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  change_op text := CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END;
BEGIN
  IF (SELECT count(*) FROM changed) > 200 THEN
    INSERT INTO events (workspace_id, entity, op, data)
    SELECT workspace_id, 'pipeline', 'bulk', jsonb_build_object('count', count(*), 'change', change_op) FROM changed GROUP BY workspace_id;
  ELSE
    INSERT INTO events (workspace_id, entity, op, entity_id, customer_id, owner_id, user_id, internal, data)
    SELECT x.workspace_id, 'pipeline', change_op, x.id, NULL::uuid, NULL::uuid, NULL::uuid, false, jsonb_build_object('id', x.id) FROM changed x ;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER pipelines_events_insert AFTER INSERT ON pipelines REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_pipelines();
--> statement-breakpoint
CREATE TRIGGER pipelines_events_update AFTER UPDATE ON pipelines REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_pipelines();
--> statement-breakpoint
CREATE TRIGGER pipelines_events_delete AFTER DELETE ON pipelines REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_pipelines();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION grip_events_pipeline_stages() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  change_op text := CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END;
BEGIN
  IF (SELECT count(*) FROM changed) > 200 THEN
    INSERT INTO events (workspace_id, entity, op, data)
    SELECT workspace_id, 'pipeline', 'bulk', jsonb_build_object('count', count(*), 'change', change_op) FROM changed GROUP BY workspace_id;
  ELSE
    INSERT INTO events (workspace_id, entity, op, entity_id, customer_id, owner_id, user_id, internal, data)
    SELECT x.workspace_id, 'pipeline', change_op, x.pipeline_id, NULL::uuid, NULL::uuid, NULL::uuid, false, jsonb_build_object('id', x.pipeline_id) FROM changed x ;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER pipeline_stages_events_insert AFTER INSERT ON pipeline_stages REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_pipeline_stages();
--> statement-breakpoint
CREATE TRIGGER pipeline_stages_events_update AFTER UPDATE ON pipeline_stages REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_pipeline_stages();
--> statement-breakpoint
CREATE TRIGGER pipeline_stages_events_delete AFTER DELETE ON pipeline_stages REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_pipeline_stages();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION grip_events_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO events (workspace_id, entity, op, entity_id, user_id, data)
  SELECT x.workspace_id, 'notification', 'created', x.id, x.user_id,
         jsonb_build_object('id', x.id, 'kind', x.kind, 'title', x.title, 'body', x.body, 'readAt', x.read_at)
    FROM changed x WHERE x.in_app;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Only read-state changes matter to other tabs (email delivery updates are not events).
CREATE OR REPLACE FUNCTION grip_events_notifications_read() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO events (workspace_id, entity, op, entity_id, user_id, data)
  SELECT x.workspace_id, 'notification', 'updated', x.id, x.user_id, jsonb_build_object('id', x.id, 'readAt', x.read_at)
    FROM changed x JOIN previous o ON o.workspace_id = x.workspace_id AND o.id = x.id
   WHERE x.in_app AND o.read_at IS DISTINCT FROM x.read_at;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER notifications_events_insert AFTER INSERT ON notifications REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_notifications();
--> statement-breakpoint
CREATE TRIGGER notifications_events_update AFTER UPDATE ON notifications REFERENCING OLD TABLE AS previous NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION grip_events_notifications_read();
--> statement-breakpoint
INSERT INTO event_purge_watermark (singleton, purged_through) VALUES (true, 0) ON CONFLICT DO NOTHING;
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE ON event_purge_watermark FROM grip_app;
