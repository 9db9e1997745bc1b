-- =============================================================================
-- supabase-orgs / 20250102_organizations_rollback.sql   (rollback)
--
-- Undoes 20250102_organizations.sql and brings back the single-tenant schema of
-- 000_baseline.sql exactly: the original owner-only policies (same names, same
-- expressions), the original handle_new_user(), no organization_id columns.
-- Rows created in the meantime stay (they belong to their owner_id / user_id);
-- everything about organizations is dropped.
-- Order matters: policies first (they reference the helper functions and the
-- organization_id columns), then constraints and columns, then the tables,
-- then the functions.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Storage: the organization files bucket
-- -----------------------------------------------------------------------------
drop policy if exists "Members can read organization files" on storage.objects;

drop policy if exists "Editors can upload organization files" on storage.objects;

delete from storage.objects where bucket_id = 'org-files';

delete from storage.buckets where id = 'org-files';

-- -----------------------------------------------------------------------------
-- Policies: drop the organization-based ones, restore the originals
-- -----------------------------------------------------------------------------
drop policy if exists "Authors manage their journal in their organizations" on public.journal_entries;

drop policy if exists "Members can view checklist items of organization tasks" on public.task_checklist_items;

drop policy if exists "Editors can add checklist items" on public.task_checklist_items;

drop policy if exists "Editors can update checklist items" on public.task_checklist_items;

drop policy if exists "Editors can delete checklist items" on public.task_checklist_items;

drop policy if exists "Members can read organization comments" on public.comments;

drop policy if exists "Members can comment" on public.comments;

drop policy if exists "Authors and admins can delete comments" on public.comments;

drop policy if exists "Members can view organization tasks" on public.tasks;

drop policy if exists "Editors can create tasks" on public.tasks;

drop policy if exists "Editors can update tasks" on public.tasks;

drop policy if exists "Editors can delete tasks" on public.tasks;

drop policy if exists "Members can view organization projects" on public.projects;

drop policy if exists "Editors can create projects" on public.projects;

drop policy if exists "Editors can update projects" on public.projects;

drop policy if exists "Owners and admins can delete projects" on public.projects;

drop policy if exists "Users can view profiles of fellow members" on public.profiles;

drop policy if exists "Users can update only their own profile" on public.profiles;

create policy "Users can view their own profile" on public.profiles
  for select to authenticated
  using (auth.uid() = id);

create policy "Users can update their own profile" on public.profiles
  for update to authenticated
  using (auth.uid() = id)
  with check (auth.uid() = id);

create policy "Owners manage their projects" on public.projects
  for all to authenticated
  using (auth.uid() = owner_id)
  with check (auth.uid() = owner_id);

create policy "Project owners manage tasks" on public.tasks
  for all to authenticated
  using (exists (select 1 from public.projects p where p.id = tasks.project_id and p.owner_id = auth.uid()))
  with check (exists (select 1 from public.projects p where p.id = tasks.project_id and p.owner_id = auth.uid()));

create policy "Project owners read comments" on public.comments
  for select to authenticated
  using (exists (
    select 1
    from public.tasks t
    join public.projects p on p.id = t.project_id
    where t.id = comments.task_id and p.owner_id = auth.uid()
  ));

create policy "Project owners add comments" on public.comments
  for insert to authenticated
  with check (
    author_id = auth.uid()
    and exists (
      select 1
      from public.tasks t
      join public.projects p on p.id = t.project_id
      where t.id = comments.task_id and p.owner_id = auth.uid()
    )
  );

create policy "Authors delete their comments" on public.comments
  for delete to authenticated
  using (author_id = auth.uid());

create policy "Project owners manage checklist items" on public.task_checklist_items
  for all to authenticated
  using (exists (
    select 1
    from public.tasks t
    join public.projects p on p.id = t.project_id
    where t.id = task_checklist_items.task_id and p.owner_id = auth.uid()
  ))
  with check (exists (
    select 1
    from public.tasks t
    join public.projects p on p.id = t.project_id
    where t.id = task_checklist_items.task_id and p.owner_id = auth.uid()
  ));

create policy "Users manage their own journal" on public.journal_entries
  for all to authenticated
  using (auth.uid() = user_id)
  with check (auth.uid() = user_id);

-- -----------------------------------------------------------------------------
-- Signup trigger back to profile-only; no more owner-on-create trigger
-- -----------------------------------------------------------------------------
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
  return new;
end;
$$;

drop trigger if exists on_organization_created on public.organizations;

drop function if exists public.handle_new_organization();

-- -----------------------------------------------------------------------------
-- Tenant key: constraints, indexes, columns
-- -----------------------------------------------------------------------------
alter table public.comments drop constraint if exists comments_task_same_organization_fkey;

alter table public.tasks drop constraint if exists tasks_project_same_organization_fkey;

alter table public.tasks drop constraint if exists tasks_id_organization_id_key;

alter table public.projects drop constraint if exists projects_id_organization_id_key;

drop index if exists public.journal_entries_organization_id_user_id_idx;

drop index if exists public.comments_organization_id_idx;

drop index if exists public.tasks_organization_id_status_idx;

drop index if exists public.projects_organization_id_created_at_idx;

alter table public.journal_entries drop column if exists organization_id;

alter table public.comments drop column if exists organization_id;

alter table public.tasks drop column if exists organization_id;

alter table public.projects drop column if exists organization_id;

-- -----------------------------------------------------------------------------
-- The organization tables (their own policies go with them), then the helper
-- functions those policies used
-- -----------------------------------------------------------------------------
drop table if exists public.organization_members;

drop table if exists public.organizations;

drop function if exists public.shares_organization_with(uuid);

drop function if exists public.org_role(uuid);

drop function if exists public.is_org_member(uuid);
