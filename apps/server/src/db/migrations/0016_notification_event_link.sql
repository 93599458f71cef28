-- Notification events carry the notification's link (relative to the workspace, e.g. /tickets/<id>), so a toast
-- can open what it is about.
CREATE OR REPLACE FUNCTION grip_events_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO events (workspace_id, entity, op, entity_id, user_id, data)
  SELECT x.workspace_id, 'notification', 'created', x.id, x.user_id,
         jsonb_build_object('id', x.id, 'kind', x.kind, 'title', x.title, 'body', x.body, 'link', x.link, 'readAt', x.read_at)
    FROM changed x WHERE x.in_app;
  RETURN NULL;
END
$$;
