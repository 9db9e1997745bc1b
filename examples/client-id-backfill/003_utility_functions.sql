-- =============================================================================
-- client-id-backfill / 003_utility_functions.sql        (up, phase 1 step 3)
--
-- Helpers for the application and for operations:
--   get_user_organization_id(user)        the client a user works for
--   validate_client_access(user, client)  may this user touch this client's data?
--   validate_client_data_integrity()      one row per invariant, with the
--                                         number of offending rows
-- =============================================================================

-- The user's home client if they are an active member of it, otherwise their
-- oldest active membership; null when they have none.
create or replace function public.get_user_organization_id(p_user_id uuid) returns uuid
language sql
stable
as $$
  select uo.organization_id
  from public.user_organizations uo
  join public.organizations o on o.id = uo.organization_id
  join public.users u on u.id = uo.user_id
  where uo.user_id = p_user_id
    and uo.is_active
    and o.is_active
  order by (uo.organization_id = u.client_id) desc, uo.created_at, uo.organization_id
  limit 1;
$$;

-- Active user, active client, active membership.
create or replace function public.validate_client_access(p_user_id uuid, p_client_id uuid) returns boolean
language sql
stable
as $$
  select exists (
    select 1
    from public.user_organizations uo
    join public.organizations o on o.id = uo.organization_id
    join public.users u on u.id = uo.user_id
    where uo.user_id = p_user_id
      and uo.organization_id = p_client_id
      and uo.is_active
      and o.is_active
      and u.is_active
  );
$$;

create or replace function public.validate_client_data_integrity()
returns table (check_name text, offending_rows bigint, passed boolean)
language sql
stable
as $$
  with checks (check_name, offending_rows) as (
    select 'users without client_id', (select count(*) from public.users where client_id is null)
    union all
    select 'uploads without client_id', (select count(*) from public.uploads where client_id is null)
    union all
    select 'products without client_id', (select count(*) from public.products where client_id is null)
    union all
    select 'sales_entries without client_id', (select count(*) from public.sales_entries where client_id is null)
    union all
    select 'processing_logs without client_id', (select count(*) from public.processing_logs where client_id is null)
    union all
    select 'email_logs without client_id', (select count(*) from public.email_logs where client_id is null)
    union all
    select 'uploads whose uploader is not an active member of the client',
           (select count(*) from public.uploads up
            where not exists (select 1 from public.user_organizations uo
                              where uo.user_id = up.user_id and uo.organization_id = up.client_id))
    union all
    select 'sales_entries in another client than their upload',
           (select count(*) from public.sales_entries s join public.uploads up on up.id = s.upload_id
            where s.client_id <> up.client_id)
    union all
    select 'sales_entries pointing at another client''s product',
           (select count(*) from public.sales_entries s join public.products p on p.id = s.product_id
            where s.client_id <> p.client_id)
    union all
    select 'processing_logs in another client than their upload',
           (select count(*) from public.processing_logs l join public.uploads up on up.id = l.upload_id
            where l.client_id <> up.client_id)
    union all
    select 'email_logs in another client than their user',
           (select count(*) from public.email_logs e join public.users u on u.id = e.user_id
            where e.client_id <> u.client_id)
    union all
    select 'client_id values that are not organizations',
           (select count(*) from (
              select client_id from public.users union all
              select client_id from public.uploads union all
              select client_id from public.products union all
              select client_id from public.sales_entries union all
              select client_id from public.processing_logs union all
              select client_id from public.email_logs
            ) as c
            where not exists (select 1 from public.organizations o where o.id = c.client_id))
  )
  select check_name, offending_rows, offending_rows = 0 from checks;
$$;

insert into public.migration_log (phase, operation, status, details)
values ('phase_1', 'utility_functions', 'completed',
        jsonb_build_object('functions', jsonb_build_array(
          'get_user_organization_id', 'validate_client_access', 'validate_client_data_integrity')));
