-- User triggers (not the internal ones behind foreign keys).
select coalesce(json_agg(x order by x.schema, x.table, x.name), '[]'::json) from (
  select n.nspname as schema, c.relname as "table", t.tgname as name,
         pg_get_triggerdef(t.oid) as definition,
         pn.nspname || '.' || p.proname as function,
         t.tgenabled <> 'D' as enabled
  from pg_trigger t
  join pg_class c on c.oid = t.tgrelid
  join pg_namespace n on n.oid = c.relnamespace
  join pg_proc p on p.oid = t.tgfoid
  join pg_namespace pn on pn.oid = p.pronamespace
  where not t.tgisinternal and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
) x
