-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0024_rls_policy_always_true.sql
-- test: Whitespace and case variations should be normalized (USING (  TRUE  ))
-- Nothing here is copied from upstream.

create table public.posts (
    id int primary key,
    author_id uuid,
    title text
);

alter table public.posts enable row level security;
