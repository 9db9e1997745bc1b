-- Enum types with labels in order.
select coalesce(json_agg(x order by x.schema, x.name), '[]'::json) from (
  select n.nspname as schema, t.typname as name,
         (select coalesce(json_agg(e.enumlabel order by e.enumsortorder), '[]'::json)
            from pg_enum e where e.enumtypid = t.oid) as labels
  from pg_type t
  join pg_namespace n on n.oid = t.typnamespace
  where t.typtype = 'e' and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
) x
