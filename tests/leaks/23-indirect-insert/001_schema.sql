-- 23-indirect-insert: plain Postgres, teams with leads and members, boards, cards on boards and
-- comments on cards (two steps from the team). The application sets app.user_id; helpers read
-- it. The comments INSERT policy checks the author, not the team.

create role app_user nologin;

create table public.users (
  id    uuid primary key default gen_random_uuid(),
  email text not null unique
);

create table public.teams (
  id   uuid primary key default gen_random_uuid(),
  name text not null
);

create table public.team_members (
  team_id uuid not null references public.teams (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  role    text not null default 'member' check (role in ('lead', 'member')),
  primary key (team_id, user_id)
);

create table public.boards (
  id      uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  name    text not null
);

create table public.cards (
  id       uuid primary key default gen_random_uuid(),
  board_id uuid not null references public.boards (id) on delete cascade,
  title    text not null
);

create table public.card_comments (
  id        uuid primary key default gen_random_uuid(),
  card_id   uuid not null references public.cards (id) on delete cascade,
  author_id uuid not null references public.users (id),
  body      text not null
);

create function public.app_user_id() returns uuid
language sql stable
as $$ select current_setting('app.user_id')::uuid $$;

create function public.in_team(t uuid) returns boolean
language sql stable security definer set search_path = ''
as $$ select exists (select 1 from public.team_members m where m.team_id = t and m.user_id = public.app_user_id()) $$;

create function public.leads(t uuid) returns boolean
language sql stable security definer set search_path = ''
as $$ select exists (select 1 from public.team_members m where m.team_id = t and m.user_id = public.app_user_id() and m.role = 'lead') $$;

create function public.card_in_my_team(c uuid) returns boolean
language sql stable security definer set search_path = ''
as $$ select exists (select 1 from public.cards k join public.boards b on b.id = k.board_id where k.id = c and public.in_team(b.team_id)) $$;

alter table public.teams enable row level security;
alter table public.team_members enable row level security;
alter table public.boards enable row level security;
alter table public.cards enable row level security;
alter table public.card_comments enable row level security;

create policy team_read on public.teams for select using (public.in_team(id));
create policy members_read on public.team_members for select using (public.in_team(team_id));
create policy leads_manage on public.team_members for all
  using (public.leads(team_id)) with check (public.leads(team_id));
create policy boards_team on public.boards for all
  using (public.in_team(team_id)) with check (public.in_team(team_id));
create policy cards_team on public.cards for all
  using (exists (select 1 from public.boards b where b.id = cards.board_id and public.in_team(b.team_id)))
  with check (exists (select 1 from public.boards b where b.id = cards.board_id and public.in_team(b.team_id)));
create policy comments_read on public.card_comments for select using (public.card_in_my_team(card_id));
-- THE HOLE: the author is checked, the card's team is not.
create policy comments_write on public.card_comments for insert with check (author_id = public.app_user_id());
create policy comments_edit on public.card_comments for update
  using (author_id = public.app_user_id() and public.card_in_my_team(card_id))
  with check (author_id = public.app_user_id() and public.card_in_my_team(card_id));
create policy comments_delete on public.card_comments for delete
  using (author_id = public.app_user_id() and public.card_in_my_team(card_id));

grant select, insert, update, delete on all tables in schema public to app_user;
