-- Views and materialized views with definition, options (security_invoker…) and ACL.
select coalesce(json_agg(x order by x.schema, x.name), '[]'::json) from (
  select n.nspname as schema, c.relname as name, c.relkind = 'm' as materialized,
         pg_get_viewdef(c.oid, true) as definition,
         coalesce(c.reloptions, '{}') as options,
         pg_get_userbyid(c.relowner) as owner,
         coalesce(c.relacl::text[], '{}') as acl,
         obj_description(c.oid, 'pg_class') as comment
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('v', 'm') and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
) x
