-- A search without an explicit sort lists the most recently updated matches first (decision 007): the
-- updated-order index carries `search` too, so that walk is index-only like the name-order one.
DROP INDEX IF EXISTS customers_workspace_updated_idx;
--> statement-breakpoint
CREATE INDEX customers_workspace_updated_idx ON customers (workspace_id, updated_at, id) INCLUDE (search) WHERE deleted_at IS NULL;
