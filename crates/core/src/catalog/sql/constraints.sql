-- Primary keys, foreign keys (with target), unique, check and exclusion constraints.
select coalesce(json_agg(x order by x.schema, x.table, x.name), '[]'::json) from (
  select n.nspname as schema, c.relname as "table", con.conname as name,
         case con.contype when 'p' then 'primary_key' when 'f' then 'foreign_key' when 'u' then 'unique'
                          when 'c' then 'check' else 'exclusion' end as kind,
         pg_get_constraintdef(con.oid) as definition,
         con.convalidated as validated,
         (select coalesce(json_agg(a.attname order by k.ord), '[]'::json)
            from unnest(con.conkey) with ordinality k(attnum, ord)
            join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum) as columns,
         fn.nspname as ref_schema, fc.relname as ref_table,
         (select json_agg(a.attname order by k.ord)
            from unnest(con.confkey) with ordinality k(attnum, ord)
            join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum) as ref_columns,
         case when con.contype = 'f' then
           case con.confdeltype when 'a' then 'no action' when 'r' then 'restrict' when 'c' then 'cascade'
                                when 'n' then 'set null' when 'd' then 'set default' end
         end as on_delete
  from pg_constraint con
  join pg_class c on c.oid = con.conrelid
  join pg_namespace n on n.oid = c.relnamespace
  left join pg_class fc on fc.oid = con.confrelid
  left join pg_namespace fn on fn.oid = fc.relnamespace
  where con.contype in ('p', 'f', 'u', 'c', 'x') and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
) x
