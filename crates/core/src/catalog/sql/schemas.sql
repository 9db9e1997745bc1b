-- Schemas outside pg_catalog / information_schema.
select coalesce(json_agg(x order by x.name), '[]'::json) from (
  select n.nspname as name, pg_get_userbyid(n.nspowner) as owner,
         coalesce(n.nspacl::text[], '{}') as acl, obj_description(n.oid, 'pg_namespace') as comment
  from pg_namespace n
  where n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
) x
