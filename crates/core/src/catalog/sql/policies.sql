-- Row level security policies: command, roles, permissive/restrictive, USING and WITH CHECK.
select coalesce(json_agg(x order by x.schema, x.table, x.name), '[]'::json) from (
  select n.nspname as schema, c.relname as "table", p.polname as name,
         case p.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE'
                       when 'd' then 'DELETE' else 'ALL' end as command,
         p.polpermissive as permissive,
         (select coalesce(json_agg(r.name order by r.name), '[]'::json)
            from (select case when o = 0 then 'public' else pg_get_userbyid(o)::text end as name
                    from unnest(p.polroles) o) r) as roles,
         pg_get_expr(p.polqual, p.polrelid) as "using",
         pg_get_expr(p.polwithcheck, p.polrelid) as with_check
  from pg_policy p
  join pg_class c on c.oid = p.polrelid
  join pg_namespace n on n.oid = c.relnamespace
  where n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
) x
