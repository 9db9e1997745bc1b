-- =============================================================================
-- supabase-orgs / 20250103_invitations.sql              (up, after 20250102)
--
-- Owners and admins invite people by email; the invitee accepts with the token
-- from the email, through public.accept_invitation(token), which checks that
-- the signed-in user's email matches and adds the membership.
-- Undo: 20250103_invitations_rollback.sql (runs before the 20250102 rollback).
-- =============================================================================

create table public.organization_invitations (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  email           text not null constraint organization_invitations_email_lowercase check (email = lower(email)),
  role            text not null default 'member'
                  constraint organization_invitations_role_check check (role in ('admin', 'member', 'viewer')),
  token           text not null unique default md5(gen_random_uuid()::text),
  invited_by      uuid references auth.users (id) on delete set null,
  expires_at      timestamptz not null default now() + interval '7 days',
  accepted_at     timestamptz,
  accepted_by     uuid references auth.users (id) on delete set null,
  created_at      timestamptz not null default now()
);

comment on table public.organization_invitations is 'Pending and accepted invitations to join an organization.';

-- One open invitation per address and organization.
create unique index organization_invitations_open_email_idx
  on public.organization_invitations (organization_id, email)
  where accepted_at is null;

create index organization_invitations_email_idx
  on public.organization_invitations (email)
  where accepted_at is null;

alter table public.organization_invitations enable row level security;

create policy "Admins and invitees can view invitations" on public.organization_invitations
  for select to authenticated
  using (
    public.org_role(organization_id) in ('owner', 'admin')
    or email = lower((select auth.email()))
  );

create policy "Admins can invite" on public.organization_invitations
  for insert to authenticated
  with check (
    public.org_role(organization_id) in ('owner', 'admin')
    and invited_by = (select auth.uid())
  );

create policy "Admins can revoke invitations" on public.organization_invitations
  for delete to authenticated
  using (public.org_role(organization_id) in ('owner', 'admin'));

-- Accepting runs as the definer: the invitee is not a member yet, so no policy
-- would let them add themselves.
create or replace function public.accept_invitation(invitation_token text) returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  me     uuid := auth.uid();
  my_email text;
  inv    public.organization_invitations%rowtype;
begin
  if me is null then
    raise exception 'not signed in' using errcode = '42501';
  end if;

  select lower(u.email) into my_email from auth.users u where u.id = me;

  select * into inv
  from public.organization_invitations i
  where i.token = invitation_token
  for update;

  if not found then
    raise exception 'invitation not found' using errcode = 'P0002';
  end if;
  if inv.accepted_at is not null then
    raise exception 'invitation already accepted' using errcode = '55000';
  end if;
  if inv.expires_at < now() then
    raise exception 'invitation expired' using errcode = '55000';
  end if;
  if my_email is distinct from inv.email then
    raise exception 'invitation was sent to another address' using errcode = '42501';
  end if;

  insert into public.organization_members (organization_id, user_id, role)
  values (inv.organization_id, me, inv.role)
  on conflict (organization_id, user_id) do nothing;

  update public.organization_invitations
     set accepted_at = now(), accepted_by = me
   where id = inv.id;

  return inv.organization_id;
end;
$$;

revoke execute on function public.accept_invitation(text) from public, anon;
