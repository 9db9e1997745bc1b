-- 24-no-fk-users: plain Postgres, sharded style: bigint tenant ids with no tenants table, users
-- belong to one tenant with a role, orders belong to a tenant and a user. The users SELECT
-- policy was left open "for the user picker".

create role api nologin;

create table public.users (
  id        bigint generated always as identity primary key,
  tenant_id bigint not null,
  email     text not null,
  role      text not null default 'member' check (role in ('member', 'admin')),
  unique (tenant_id, email)
);

create table public.orders (
  id        bigint generated always as identity primary key,
  tenant_id bigint not null,
  user_id   bigint not null references public.users (id),
  total     numeric(10, 2) not null check (total >= 0)
);

alter table public.users enable row level security;
alter table public.orders enable row level security;

-- THE HOLE: every row of every tenant, to anyone using the api role.
create policy users_read on public.users for select to api using (true);
create policy users_write on public.users for insert to api
  with check (tenant_id = current_setting('app.tenant_id')::bigint);
create policy users_edit on public.users for update to api
  using (tenant_id = current_setting('app.tenant_id')::bigint)
  with check (tenant_id = current_setting('app.tenant_id')::bigint);
create policy users_delete on public.users for delete to api
  using (tenant_id = current_setting('app.tenant_id')::bigint);

create policy orders_tenant on public.orders for all to api
  using (tenant_id = current_setting('app.tenant_id')::bigint)
  with check (tenant_id = current_setting('app.tenant_id')::bigint);

grant select, insert, update, delete on all tables in schema public to api;
