-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0009_duplicate_index.sql
-- test: the copies dropped again: 0 issues
-- Nothing here is copied from upstream.

create table public.articles (
    id int primary key
);
