-- Search (issue #4): trigram indexes for substring search, unaccent for accent-insensitive matching, btree_gin
-- so GIN indexes can start with workspace_id. All three are trusted extensions (a database owner may create them).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gin;
--> statement-breakpoint
-- unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes it usable in generated
-- columns and indexes. Lower-cased too: the one normal form of searchable text.
CREATE OR REPLACE FUNCTION grip_fold(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN lower(unaccent('unaccent'::regdictionary, input));
