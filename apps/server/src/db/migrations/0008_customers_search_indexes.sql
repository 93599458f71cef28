-- Name-ordered walks (the default list order) that also carry `search`: a search sorted by name can test each
-- entry inside the index and visit the table only for the page it returns (an index-only scan).
CREATE INDEX customers_workspace_sort_name_idx ON customers (workspace_id, sort_name, id) INCLUDE (search) WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX customers_workspace_owner_sort_name_idx ON customers (workspace_id, owner_id, sort_name, id) INCLUDE (search) WHERE deleted_at IS NULL;
--> statement-breakpoint
-- Whether a three-letter search is common (walk the name index) or rare (use the trigram index) is decided from
-- these statistics; 1000 histogram entries tell a 0.1% pattern from a 5% one, the default 100 cannot.
ALTER TABLE customers ALTER COLUMN search SET STATISTICS 1000;
