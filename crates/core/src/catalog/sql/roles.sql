-- Database roles (not the pg_* built-ins), with the attributes RLS cares about.
select coalesce(json_agg(x order by x.name), '[]'::json) from (
  select r.rolname as name, r.rolsuper as superuser, r.rolbypassrls as bypassrls,
         r.rolcanlogin as login, r.rolinherit as inherit,
         (select coalesce(json_agg(g.rolname order by g.rolname), '[]'::json)
            from pg_auth_members m join pg_roles g on g.oid = m.roleid
           where m.member = r.oid) as member_of
  from pg_roles r
  where r.rolname !~ '^pg_'
) x
