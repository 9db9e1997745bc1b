-- Functions and procedures (not those of extensions): signature, security, config, source.
select coalesce(json_agg(x order by x.schema, x.name, x.identity_args), '[]'::json) from (
  select n.nspname as schema, p.proname as name,
         pg_get_function_identity_arguments(p.oid) as identity_args,
         pg_get_function_result(p.oid) as result,
         l.lanname as language,
         case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' when 'w' then 'window'
                        else 'function' end as kind,
         case p.provolatile when 'i' then 'immutable' when 's' then 'stable' else 'volatile' end as volatility,
         p.prosecdef as security_definer,
         coalesce(p.proconfig, '{}') as config,
         md5(coalesce(p.prosrc, '')) as source_md5,
         p.prosrc as source,
         pg_get_userbyid(p.proowner) as owner,
         coalesce(p.proacl::text[], '{}') as acl,
         obj_description(p.oid, 'pg_proc') as comment
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  join pg_language l on l.oid = p.prolang
  where n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
    and not exists (select 1 from pg_depend d
                    where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
) x
