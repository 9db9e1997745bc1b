-- Tables (plain and partitioned) with RLS flags, ACL, columns and an exact row count
-- (pg_temp.tp_row_count comes from row_count_fn.sql, created just before each snapshot).
select coalesce(json_agg(x order by x.schema, x.name), '[]'::json) from (
  select n.nspname as schema, c.relname as name,
         case c.relkind when 'p' then 'partitioned' else 'table' end as kind,
         c.relrowsecurity as rls_enabled, c.relforcerowsecurity as rls_forced,
         pg_get_userbyid(c.relowner) as owner,
         coalesce(c.relacl::text[], '{}') as acl,
         obj_description(c.oid, 'pg_class') as comment,
         (select coalesce(json_agg(json_build_object(
                   'name', a.attname,
                   'type', format_type(a.atttypid, a.atttypmod),
                   'not_null', a.attnotnull,
                   'default', pg_get_expr(d.adbin, d.adrelid),
                   'identity', nullif(a.attidentity::text, ''),
                   'generated', nullif(a.attgenerated::text, ''),
                   'comment', col_description(c.oid, a.attnum)) order by a.attnum), '[]'::json)
            from pg_attribute a
            left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
           where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns,
         pg_temp.tp_row_count(c.oid) as row_count,
         null::jsonb as fingerprint
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
) x
