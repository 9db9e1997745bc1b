-- =============================================================================
-- supabase-orgs / 20250102_organizations.sql            (up)
--
-- Turns the single-user app into a multi-tenant one:
--   1. organizations + organization_members (role: owner/admin/member/viewer)
--   2. SECURITY DEFINER helpers is_org_member(), org_role(),
--      shares_organization_with(), all with `set search_path = ''`
--   3. organization_id on projects, tasks, comments, journal_entries:
--      added nullable, backfilled, then NOT NULL + foreign keys + indexes;
--      task_checklist_items deliberately gets none: an item belongs to the
--      organization of its task, and its policies check membership through it
--   4. backfill: every existing user gets a personal organization
--      ("<name>'s workspace") that they own; their rows move into it
--   5. new users get a personal organization too (handle_new_user() replaced);
--      whoever creates a team organization becomes its owner (trigger)
--   6. row level security rewritten around membership; auth.uid() is wrapped
--      as (select auth.uid()) so Postgres evaluates it once per statement
--   7. an 'org-files' storage bucket whose paths start with the organization id
--
-- Every statement runs on its own (autocommit). The backfill of each table is
-- a single DO block, so the updated_at trigger is switched off and on again
-- atomically: moving rows into an organization is not a user edit.
-- Undo: 20250102_organizations_rollback.sql.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- 1. Tables
-- -----------------------------------------------------------------------------
create table public.organizations (
  id          uuid primary key default gen_random_uuid(),
  name        text not null constraint organizations_name_length check (char_length(name) between 1 and 120),
  slug        text not null unique constraint organizations_slug_format check (slug ~ '^[a-z0-9][a-z0-9-]*$'),
  is_personal boolean not null default false,
  created_by  uuid references auth.users (id) on delete set null,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);

comment on table public.organizations is 'Tenants. Every user owns one personal organization; teams create more.';

-- At most one personal organization per user.
create unique index organizations_one_personal_per_user_idx
  on public.organizations (created_by) where is_personal;

create trigger organizations_set_updated_at
  before update on public.organizations
  for each row execute function public.set_updated_at();

create table public.organization_members (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id         uuid not null references auth.users (id) on delete cascade,
  role            text not null default 'member'
                  constraint organization_members_role_check check (role in ('owner', 'admin', 'member', 'viewer')),
  created_at      timestamptz not null default now(),
  primary key (organization_id, user_id)
);

comment on table public.organization_members is 'Who belongs to which organization, and with which role.';

-- The primary key serves lookups by organization; this one serves "my organizations".
create index organization_members_user_id_idx on public.organization_members (user_id);

-- -----------------------------------------------------------------------------
-- 2. Helper functions used by the policies. SECURITY DEFINER so that they can
--    read organization_members without recursing into its own policies; an
--    empty search_path so that nothing can be shadowed by a caller's schema.
-- -----------------------------------------------------------------------------
create or replace function public.is_org_member(org uuid) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.organization_members m
    where m.organization_id = org
      and m.user_id = (select auth.uid())
  );
$$;

create or replace function public.org_role(org uuid) returns text
language sql
stable
security definer
set search_path = ''
as $$
  select m.role
  from public.organization_members m
  where m.organization_id = org
    and m.user_id = (select auth.uid());
$$;

create or replace function public.shares_organization_with(other_user uuid) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.organization_members me
    join public.organization_members them on them.organization_id = me.organization_id
    where me.user_id = (select auth.uid())
      and them.user_id = other_user
  );
$$;

-- The default privileges of the Supabase profile granted these to anon as
-- well; only signed-in users need them.
revoke execute on function public.is_org_member(uuid), public.org_role(uuid), public.shares_organization_with(uuid)
  from public, anon;

-- -----------------------------------------------------------------------------
-- 3a. Tenant key on the data tables, nullable for now
-- -----------------------------------------------------------------------------
alter table public.projects
  add column organization_id uuid references public.organizations (id) on delete cascade;

alter table public.tasks
  add column organization_id uuid references public.organizations (id) on delete cascade;

alter table public.comments
  add column organization_id uuid references public.organizations (id) on delete cascade;

alter table public.journal_entries
  add column organization_id uuid references public.organizations (id) on delete cascade;

-- Not task_checklist_items: it stays keyed by task_id only (tenant-scoped
-- through its task), so moving a task never leaves its items behind.

-- -----------------------------------------------------------------------------
-- 4. Backfill: a personal organization for every existing user. Ids are derived
--    from the user id, so the backfill is repeatable and can be re-run safely.
-- -----------------------------------------------------------------------------
insert into public.organizations (id, name, slug, is_personal, created_by, created_at, updated_at)
select
  md5('personal-org:' || u.id::text)::uuid,
  coalesce(nullif(p.full_name, ''), split_part(u.email, '@', 1), 'Personal') || '''s workspace',
  'personal-' || replace(u.id::text, '-', ''),
  true,
  u.id,
  coalesce(u.created_at, now()),
  coalesce(u.created_at, now())
from auth.users u
left join public.profiles p on p.id = u.id
on conflict (id) do nothing;

insert into public.organization_members (organization_id, user_id, role, created_at)
select o.id, o.created_by, 'owner', o.created_at
from public.organizations o
where o.is_personal
  and o.created_by is not null
on conflict (organization_id, user_id) do nothing;

do $$
begin
  alter table public.projects disable trigger projects_set_updated_at;
  update public.projects p
     set organization_id = o.id
    from public.organizations o
   where o.is_personal
     and o.created_by = p.owner_id
     and p.organization_id is null;
  alter table public.projects enable trigger projects_set_updated_at;
end
$$;

do $$
begin
  alter table public.tasks disable trigger tasks_set_updated_at;
  update public.tasks t
     set organization_id = p.organization_id
    from public.projects p
   where p.id = t.project_id
     and t.organization_id is null;
  alter table public.tasks enable trigger tasks_set_updated_at;
end
$$;

update public.comments c
   set organization_id = t.organization_id
  from public.tasks t
 where t.id = c.task_id
   and c.organization_id is null;

do $$
begin
  alter table public.journal_entries disable trigger journal_entries_set_updated_at;
  update public.journal_entries j
     set organization_id = o.id
    from public.organizations o
   where o.is_personal
     and o.created_by = j.user_id
     and j.organization_id is null;
  alter table public.journal_entries enable trigger journal_entries_set_updated_at;
end
$$;

-- Stop here, loudly, if anything was left behind.
do $$
declare
  missing bigint;
begin
  select (select count(*) from public.projects where organization_id is null)
       + (select count(*) from public.tasks where organization_id is null)
       + (select count(*) from public.comments where organization_id is null)
       + (select count(*) from public.journal_entries where organization_id is null)
    into missing;
  if missing > 0 then
    raise exception 'backfill incomplete: % rows without organization_id', missing;
  end if;
  raise notice 'backfill complete: % organizations, % memberships',
    (select count(*) from public.organizations), (select count(*) from public.organization_members);
end
$$;

-- -----------------------------------------------------------------------------
-- 3b. Now that every row has a tenant: NOT NULL, same-tenant foreign keys, indexes
-- -----------------------------------------------------------------------------
alter table public.projects alter column organization_id set not null;

alter table public.tasks alter column organization_id set not null;

alter table public.comments alter column organization_id set not null;

alter table public.journal_entries alter column organization_id set not null;

-- A task lives in the organization of its project, a comment in that of its
-- task. Composite foreign keys make this impossible to get wrong, and moving a
-- project to another organization carries its tasks and comments along.
alter table public.projects
  add constraint projects_id_organization_id_key unique (id, organization_id);

alter table public.tasks
  add constraint tasks_id_organization_id_key unique (id, organization_id);

alter table public.tasks
  add constraint tasks_project_same_organization_fkey
  foreign key (project_id, organization_id) references public.projects (id, organization_id)
  on update cascade;

alter table public.comments
  add constraint comments_task_same_organization_fkey
  foreign key (task_id, organization_id) references public.tasks (id, organization_id)
  on update cascade;

create index projects_organization_id_created_at_idx on public.projects (organization_id, created_at desc);

create index tasks_organization_id_status_idx on public.tasks (organization_id, status);

create index comments_organization_id_idx on public.comments (organization_id);

create index journal_entries_organization_id_user_id_idx
  on public.journal_entries (organization_id, user_id, entry_date desc);

-- -----------------------------------------------------------------------------
-- 5. New users and new organizations
-- -----------------------------------------------------------------------------
create or replace function public.handle_new_organization() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.created_by is not null then
    insert into public.organization_members (organization_id, user_id, role, created_at)
    values (new.id, new.created_by, 'owner', new.created_at)
    on conflict (organization_id, user_id) do nothing;
  end if;
  return new;
end;
$$;

create trigger on_organization_created
  after insert on public.organizations
  for each row execute function public.handle_new_organization();

-- Same as before, plus the personal organization (its owner is added by
-- on_organization_created).
create or replace function public.handle_new_user() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.profiles (id, username, full_name, avatar_url, timezone, created_at, updated_at)
  values (
    new.id,
    new.raw_user_meta_data ->> 'username',
    new.raw_user_meta_data ->> 'full_name',
    new.raw_user_meta_data ->> 'avatar_url',
    coalesce(new.raw_user_meta_data ->> 'timezone', 'UTC'),
    coalesce(new.created_at, now()),
    coalesce(new.created_at, now())
  );
  insert into public.organizations (name, slug, is_personal, created_by, created_at, updated_at)
  values (
    coalesce(nullif(new.raw_user_meta_data ->> 'full_name', ''), split_part(new.email, '@', 1), 'Personal') || '''s workspace',
    'personal-' || replace(new.id::text, '-', ''),
    true,
    new.id,
    coalesce(new.created_at, now()),
    coalesce(new.created_at, now())
  );
  return new;
end;
$$;

-- -----------------------------------------------------------------------------
-- 6. Row level security
-- -----------------------------------------------------------------------------
alter table public.organizations enable row level security;

alter table public.organization_members enable row level security;

-- organizations. The creator may read the row back before the AFTER trigger
-- has made them a member (INSERT ... RETURNING from supabase-js).
create policy "Members can view their organizations" on public.organizations
  for select to authenticated
  using (public.is_org_member(id) or created_by = (select auth.uid()));

create policy "Users can create team organizations" on public.organizations
  for insert to authenticated
  with check (created_by = (select auth.uid()) and not is_personal);

create policy "Owners and admins can update their organization" on public.organizations
  for update to authenticated
  using (public.org_role(id) in ('owner', 'admin'))
  with check (public.org_role(id) in ('owner', 'admin'));

create policy "Owners can delete team organizations" on public.organizations
  for delete to authenticated
  using (public.org_role(id) = 'owner' and not is_personal);

-- organization_members
create policy "Members can view fellow members" on public.organization_members
  for select to authenticated
  using (public.is_org_member(organization_id));

create policy "Owners and admins can add members" on public.organization_members
  for insert to authenticated
  with check (public.org_role(organization_id) in ('owner', 'admin'));

create policy "Owners and admins can change roles" on public.organization_members
  for update to authenticated
  using (public.org_role(organization_id) in ('owner', 'admin'))
  with check (public.org_role(organization_id) in ('owner', 'admin'));

create policy "Owners and admins remove members, anyone can leave" on public.organization_members
  for delete to authenticated
  using (public.org_role(organization_id) in ('owner', 'admin') or user_id = (select auth.uid()));

-- profiles: the old owner-only policies are replaced
drop policy "Users can view their own profile" on public.profiles;

drop policy "Users can update their own profile" on public.profiles;

create policy "Users can view profiles of fellow members" on public.profiles
  for select to authenticated
  using ((select auth.uid()) = id or public.shares_organization_with(id));

create policy "Users can update only their own profile" on public.profiles
  for update to authenticated
  using ((select auth.uid()) = id)
  with check ((select auth.uid()) = id);

-- projects
drop policy "Owners manage their projects" on public.projects;

create policy "Members can view organization projects" on public.projects
  for select to authenticated
  using (public.is_org_member(organization_id));

create policy "Editors can create projects" on public.projects
  for insert to authenticated
  with check (owner_id = (select auth.uid()) and public.org_role(organization_id) in ('owner', 'admin', 'member'));

create policy "Editors can update projects" on public.projects
  for update to authenticated
  using (public.org_role(organization_id) in ('owner', 'admin', 'member'))
  with check (public.org_role(organization_id) in ('owner', 'admin', 'member'));

create policy "Owners and admins can delete projects" on public.projects
  for delete to authenticated
  using (owner_id = (select auth.uid()) or public.org_role(organization_id) in ('owner', 'admin'));

-- tasks
drop policy "Project owners manage tasks" on public.tasks;

create policy "Members can view organization tasks" on public.tasks
  for select to authenticated
  using (public.is_org_member(organization_id));

create policy "Editors can create tasks" on public.tasks
  for insert to authenticated
  with check (owner_id = (select auth.uid()) and public.org_role(organization_id) in ('owner', 'admin', 'member'));

create policy "Editors can update tasks" on public.tasks
  for update to authenticated
  using (public.org_role(organization_id) in ('owner', 'admin', 'member'))
  with check (public.org_role(organization_id) in ('owner', 'admin', 'member'));

create policy "Editors can delete tasks" on public.tasks
  for delete to authenticated
  using (owner_id = (select auth.uid()) or public.org_role(organization_id) in ('owner', 'admin'));

-- comments
drop policy "Project owners read comments" on public.comments;

drop policy "Project owners add comments" on public.comments;

drop policy "Authors delete their comments" on public.comments;

create policy "Members can read organization comments" on public.comments
  for select to authenticated
  using (public.is_org_member(organization_id));

create policy "Members can comment" on public.comments
  for insert to authenticated
  with check (author_id = (select auth.uid()) and public.is_org_member(organization_id));

create policy "Authors and admins can delete comments" on public.comments
  for delete to authenticated
  using (author_id = (select auth.uid()) or public.org_role(organization_id) in ('owner', 'admin'));

-- task checklist items: no organization_id of their own, membership is checked
-- through the parent task (a task's organization_id is NOT NULL)
drop policy "Project owners manage checklist items" on public.task_checklist_items;

create policy "Members can view checklist items of organization tasks" on public.task_checklist_items
  for select to authenticated
  using (exists (
    select 1 from public.tasks t
    where t.id = task_checklist_items.task_id and public.is_org_member(t.organization_id)
  ));

create policy "Editors can add checklist items" on public.task_checklist_items
  for insert to authenticated
  with check (exists (
    select 1 from public.tasks t
    where t.id = task_checklist_items.task_id and public.org_role(t.organization_id) in ('owner', 'admin', 'member')
  ));

create policy "Editors can update checklist items" on public.task_checklist_items
  for update to authenticated
  using (exists (
    select 1 from public.tasks t
    where t.id = task_checklist_items.task_id and public.org_role(t.organization_id) in ('owner', 'admin', 'member')
  ))
  with check (exists (
    select 1 from public.tasks t
    where t.id = task_checklist_items.task_id and public.org_role(t.organization_id) in ('owner', 'admin', 'member')
  ));

create policy "Editors can delete checklist items" on public.task_checklist_items
  for delete to authenticated
  using (exists (
    select 1 from public.tasks t
    where t.id = task_checklist_items.task_id and public.org_role(t.organization_id) in ('owner', 'admin', 'member')
  ));

-- journal entries stay private to their author, inside organizations they belong to
drop policy "Users manage their own journal" on public.journal_entries;

create policy "Authors manage their journal in their organizations" on public.journal_entries
  for all to authenticated
  using ((select auth.uid()) = user_id and public.is_org_member(organization_id))
  with check ((select auth.uid()) = user_id and public.is_org_member(organization_id));

-- -----------------------------------------------------------------------------
-- 7. Organization files: <organization id>/<path> in a private bucket
-- -----------------------------------------------------------------------------
insert into storage.buckets (id, name, public)
values ('org-files', 'org-files', false)
on conflict (id) do nothing;

create policy "Members can read organization files" on storage.objects
  for select to authenticated
  using (
    bucket_id = 'org-files'
    and (storage.foldername(name))[1] in (
      select m.organization_id::text from public.organization_members m where m.user_id = (select auth.uid())
    )
  );

create policy "Editors can upload organization files" on storage.objects
  for insert to authenticated
  with check (
    bucket_id = 'org-files'
    and (storage.foldername(name))[1] in (
      select m.organization_id::text
      from public.organization_members m
      where m.user_id = (select auth.uid()) and m.role in ('owner', 'admin', 'member')
    )
  );
