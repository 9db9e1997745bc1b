-- 18-checks: tenant tables with the CHECK constraints real schemas carry: an e-mail pattern, a
-- phone pattern, a code pattern, lengths, ranges, a "not self" pair, an ordered pair of times.
-- Fixture rows must satisfy them or the tables go unprobed. One open SELECT policy.

create table public.organizations (
  id         uuid primary key default gen_random_uuid(),
  name       text not null,
  created_at timestamptz not null default now()
);

create table public.memberships (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id         uuid not null references auth.users (id) on delete cascade,
  role            text not null default 'member' check (role in ('owner', 'member')),
  primary key (organization_id, user_id)
);

create function public.is_member(org uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.memberships m where m.organization_id = org and m.user_id = (select auth.uid()))
$$;

alter table public.organizations enable row level security;
alter table public.memberships enable row level security;

create policy "members read their organizations" on public.organizations
  for select to authenticated using (public.is_member(id));
create policy "members read memberships" on public.memberships
  for select to authenticated using (public.is_member(organization_id));

create table public.contacts (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name            text not null check (char_length(name) between 2 and 60),
  email           text not null check (email ~* '^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$'),
  phone           text check (phone ~ '^\+[1-9][0-9]{7,14}$')
);

create table public.products (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  sku             text not null check (sku ~ '^[A-Z]{3}-[0-9]{4}$'),
  price_cents     integer not null check (price_cents > 0),
  unique (organization_id, sku)
);

create table public.bookings (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  starts_at       timestamptz not null,
  ends_at         timestamptz not null,
  seats           integer not null check (seats between 1 and 20),
  constraint bookings_ends_after_start check (ends_at > starts_at)
);

create table public.referrals (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  referrer_id     uuid not null references auth.users (id),
  referred_id     uuid not null references auth.users (id),
  constraint referrals_not_self check (referrer_id <> referred_id),
  unique (referrer_id, referred_id)
);

create table public.discount_codes (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  code            text not null unique check (code ~ '^[A-Z0-9]{8}$'),
  percent         numeric(5, 2) not null check (percent > 0 and percent <= 50)
);

alter table public.contacts enable row level security;
alter table public.products enable row level security;
alter table public.bookings enable row level security;
alter table public.referrals enable row level security;
alter table public.discount_codes enable row level security;

create policy "members manage contacts" on public.contacts
  for all to authenticated using (public.is_member(organization_id)) with check (public.is_member(organization_id));
create policy "members manage products" on public.products
  for all to authenticated using (public.is_member(organization_id)) with check (public.is_member(organization_id));
create policy "members manage referrals" on public.referrals
  for all to authenticated using (public.is_member(organization_id)) with check (public.is_member(organization_id));
create policy "members manage discount codes" on public.discount_codes
  for all to authenticated using (public.is_member(organization_id)) with check (public.is_member(organization_id));

-- THE HOLE: bookings are readable by every signed-in user.
create policy "signed-in users read bookings" on public.bookings
  for select to authenticated using (true);
create policy "members write bookings" on public.bookings
  for insert to authenticated with check (public.is_member(organization_id));
create policy "members edit bookings" on public.bookings
  for update to authenticated using (public.is_member(organization_id)) with check (public.is_member(organization_id));
create policy "members cancel bookings" on public.bookings
  for delete to authenticated using (public.is_member(organization_id));
