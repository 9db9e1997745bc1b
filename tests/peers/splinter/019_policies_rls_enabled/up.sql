-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0007_policy_exists_rls_disabled.sql
-- test: resolved by enabling RLS: 0 issues
-- Nothing here is copied from upstream.

create policy articles_read on public.articles
    for select
    using (true);

create policy articles_all on public.articles
    for all
    using (true);

alter table public.articles enable row level security;
