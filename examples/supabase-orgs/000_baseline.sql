-- =============================================================================
-- supabase-orgs / 000_baseline.sql
--
-- The existing single-tenant schema of "Trellis", a small Supabase app: every
-- row belongs to one user (auth.users), and row level security lets a user see
-- only their own rows. Profiles are created by a trigger on auth.users, as in
-- the Supabase quick-start.
--
-- The policies here call auth.uid() directly (not wrapped in a sub-select);
-- that is how many projects start, and 20250102_organizations.sql rewrites them.
-- Needs the Supabase profile (auth schema, API roles, default privileges).
-- =============================================================================

-- Keeps updated_at current on every UPDATE.
create or replace function public.set_updated_at() returns trigger
language plpgsql
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

-- -----------------------------------------------------------------------------
-- profiles: one row per auth user
-- -----------------------------------------------------------------------------
create table public.profiles (
  id         uuid primary key references auth.users (id) on delete cascade,
  username   text unique,
  full_name  text,
  avatar_url text,
  timezone   text not null default 'UTC',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint profiles_username_length check (char_length(username) >= 3)
);

comment on table public.profiles is 'Public profile of each auth user (1:1 with auth.users).';

create trigger profiles_set_updated_at
  before update on public.profiles
  for each row execute function public.set_updated_at();

-- Creates the profile when somebody signs up.
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

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function public.handle_new_user();

-- -----------------------------------------------------------------------------
-- projects / tasks / comments / task checklist items
-- -----------------------------------------------------------------------------
create table public.projects (
  id          uuid primary key default gen_random_uuid(),
  owner_id    uuid not null references auth.users (id) on delete cascade,
  name        text not null,
  description text,
  status      text not null default 'active'
              constraint projects_status_check check (status in ('active', 'paused', 'archived')),
  due_date    date,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);

create index projects_owner_id_idx on public.projects (owner_id);

create trigger projects_set_updated_at
  before update on public.projects
  for each row execute function public.set_updated_at();

create table public.tasks (
  id           uuid primary key default gen_random_uuid(),
  project_id   uuid not null references public.projects (id) on delete cascade,
  owner_id     uuid not null references auth.users (id) on delete cascade,
  assignee_id  uuid references auth.users (id) on delete set null,
  title        text not null,
  notes        text,
  status       text not null default 'todo'
               constraint tasks_status_check check (status in ('todo', 'doing', 'done')),
  priority     smallint not null default 2
               constraint tasks_priority_check check (priority between 1 and 4),
  due_date     date,
  completed_at timestamptz,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);

create index tasks_project_id_idx on public.tasks (project_id);

create index tasks_open_by_assignee_idx on public.tasks (assignee_id, due_date) where status <> 'done';

create trigger tasks_set_updated_at
  before update on public.tasks
  for each row execute function public.set_updated_at();

create table public.comments (
  id         uuid primary key default gen_random_uuid(),
  task_id    uuid not null references public.tasks (id) on delete cascade,
  author_id  uuid not null references auth.users (id) on delete cascade,
  body       text not null constraint comments_body_not_empty check (char_length(body) > 0),
  created_at timestamptz not null default now()
);

create index comments_task_id_created_at_idx on public.comments (task_id, created_at);

-- Checklist items of a task (sub-steps ticked off one by one), in position order.
create table public.task_checklist_items (
  id         uuid primary key default gen_random_uuid(),
  task_id    uuid not null references public.tasks (id) on delete cascade,
  body       text not null constraint task_checklist_items_body_not_empty check (char_length(body) > 0),
  done       boolean not null default false,
  position   integer not null default 0,
  created_at timestamptz not null default now()
);

create index task_checklist_items_task_id_position_idx on public.task_checklist_items (task_id, position);

-- -----------------------------------------------------------------------------
-- journal_entries: private notes of each user
-- -----------------------------------------------------------------------------
create table public.journal_entries (
  id         uuid primary key default gen_random_uuid(),
  user_id    uuid not null references auth.users (id) on delete cascade,
  entry_date date not null default current_date,
  mood       smallint constraint journal_entries_mood_check check (mood between 1 and 5),
  title      text,
  body       text not null,
  tags       text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index journal_entries_user_id_entry_date_idx on public.journal_entries (user_id, entry_date desc);

create trigger journal_entries_set_updated_at
  before update on public.journal_entries
  for each row execute function public.set_updated_at();

-- -----------------------------------------------------------------------------
-- Row level security: every user sees only their own rows
-- -----------------------------------------------------------------------------
alter table public.profiles enable row level security;

alter table public.projects enable row level security;

alter table public.tasks enable row level security;

alter table public.comments enable row level security;

alter table public.task_checklist_items enable row level security;

alter table public.journal_entries enable row level security;

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
-- Storage: public avatars, uploaded by their owner under <user id>/...
-- -----------------------------------------------------------------------------
insert into storage.buckets (id, name, public, created_at, updated_at)
values ('avatars', 'avatars', true, '2024-09-01 08:00:00+00', '2024-09-01 08:00:00+00');

create policy "Avatar images are publicly readable" on storage.objects
  for select to anon, authenticated
  using (bucket_id = 'avatars');

create policy "Users upload their own avatar" on storage.objects
  for insert to authenticated
  with check (bucket_id = 'avatars' and (storage.foldername(name))[1] = auth.uid()::text);
