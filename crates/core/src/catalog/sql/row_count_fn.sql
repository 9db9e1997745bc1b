-- Exact row counts need dynamic SQL, and PGlite has no libxml for query_to_xml: a session-temporary
-- function (in pg_temp, so it never shows up among the user's objects) counts one table.
create or replace function pg_temp.tp_row_count(rel regclass) returns bigint
language plpgsql as $$
declare n bigint;
begin
  execute format('select count(*) from %s', rel) into n;
  return n;
end
$$
