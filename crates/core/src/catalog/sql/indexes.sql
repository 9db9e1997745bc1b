-- Indexes with their definition and key columns.
select coalesce(json_agg(x order by x.schema, x.table, x.name), '[]'::json) from (
  select n.nspname as schema, t.relname as "table", i.relname as name,
         pg_get_indexdef(i.oid) as definition,
         ix.indisunique as "unique", ix.indisprimary as "primary", ix.indisvalid as valid,
         (select coalesce(json_agg(coalesce(a.attname, '(expression)') order by k.ord), '[]'::json)
            from unnest(ix.indkey::int2[]) with ordinality k(attnum, ord)
            left join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum) as columns
  from pg_index ix
  join pg_class i on i.oid = ix.indexrelid
  join pg_class t on t.oid = ix.indrelid
  join pg_namespace n on n.oid = t.relnamespace
  where n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
) x
