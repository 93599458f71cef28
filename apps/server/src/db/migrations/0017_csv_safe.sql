-- Exports: a text a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) gets an
-- apostrophe in front, in SQL, so COPY can stream an export without the rows passing through JavaScript.
CREATE OR REPLACE FUNCTION grip_csv_safe(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN value ~ '^[-=+@\t\r]' THEN '''' || value ELSE value END;
