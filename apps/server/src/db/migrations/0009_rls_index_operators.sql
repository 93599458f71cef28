-- Under row-level security PostgreSQL uses a condition as an index condition only if its function is LEAKPROOF
-- (it cannot reveal anything about rows the policies would hide). LIKE, the trigram similarity operator and
-- array containment are not marked so, which turns a search of a million customers into a full scan for the
-- app role. None of them can raise an error or leak data depending on a row's value (their errors depend only
-- on the pattern or the argument types), so they are marked LEAKPROOF here. That needs a superuser; without
-- one the migration warns, and searches work but slowly (see docs/operations.md and decision 007).
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION pg_catalog.textlike(text, text) LEAKPROOF;
    ALTER FUNCTION similarity_op(text, text) LEAKPROOF;
    ALTER FUNCTION pg_catalog.arraycontains(anyarray, anyarray) LEAKPROOF;
  ELSE
    RAISE WARNING 'Grip: not a superuser, so textlike, similarity_op and arraycontains stay non-leakproof and searches cannot use their indexes under row-level security. Ask a superuser to run: ALTER FUNCTION pg_catalog.textlike(text, text) LEAKPROOF; ALTER FUNCTION similarity_op(text, text) LEAKPROOF; ALTER FUNCTION pg_catalog.arraycontains(anyarray, anyarray) LEAKPROOF;';
  END IF;
END
$$;
